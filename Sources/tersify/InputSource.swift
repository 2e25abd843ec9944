import Glibc

/// Where input comes from: a file path, or standard input.
enum InputSource: Equatable {
    case standardInput
    case file(String)

    /// The source a command-line argument names: `nil` and `-` are standard input.
    init(_ argument: String?) {
        if let argument, argument != "-" { self = .file(argument) } else { self = .standardInput }
    }

    /// The name used in error messages.
    var name: String {
        switch self {
        case .standardInput: "standard input"
        case .file(let path): path
        }
    }
}
