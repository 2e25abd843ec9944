import Glibc

/// Reads the sources one after another as one stream; a file is opened
/// when the stream reaches it and closed at its end, so that any number of
/// files can be named.
struct SourceReader {
    let sources: [InputSource]
    /// The source being read, or `sources.count` at the end.
    var index = 0
    /// Its descriptor, or -1 when it is not open yet.
    var descriptor: Int32 = -1

    init(_ sources: [InputSource]) { self.sources = sources }

    /// The summed size of the sources that are regular files, and whether
    /// every source is one (a pipe or a terminal has no size).
    static func expectedSize(of sources: [InputSource]) -> (bytes: Int, exact: Bool) {
        var total = 0
        var exact = true
        var info = stat()
        for source in sources {
            switch source {
            case .standardInput:
                guard fstat(STDIN_FILENO, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    exact = false
                    continue
                }
                // Standard input redirected from a file may start past its beginning.
                total += max(0, Int(info.st_size) - max(0, Int(lseek(STDIN_FILENO, 0, SEEK_CUR))))
            case .file(let path):
                guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    exact = false
                    continue
                }
                total += Int(info.st_size)
            }
        }
        return (total, exact)
    }

    /// Reads up to `buffer.count` bytes from the current source, moving on
    /// to the next at the end of each.
    ///
    /// - Returns: The number of bytes read; 0 only at the end of the last source.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CLIFailure) -> Int {
        while index < sources.count {
            if descriptor < 0 { try open() }
            let n = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if n > 0 { return n }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(sources[index], "cannot read", errno)
            }
            closeCurrent()
            index += 1
        }
        return 0
    }

    /// Opens the current source and checks that it is not a folder.
    mutating func open() throws(CLIFailure) {
        let source = sources[index]
        switch source {
        case .standardInput:
            descriptor = STDIN_FILENO
        case .file(let path):
            let opened = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw Self.openFailure(path, errno) }
            descriptor = opened
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure(source, "cannot read", errno) }
        if info.st_mode & S_IFMT == S_IFDIR { throw CLIFailure(.runtime, "\(source.name): is a directory") }
    }

    /// Closes the current source's descriptor (never standard input's).
    mutating func closeCurrent() {
        if descriptor >= 0 && descriptor != STDIN_FILENO { close(descriptor) }
        descriptor = -1
    }

    /// The error of a failed open(2).
    static func openFailure(_ path: String, _ code: Int32) -> CLIFailure {
        switch code {
        case ENOENT: CLIFailure(.runtime, "\(path): no such file")
        case EACCES: CLIFailure(.runtime, "\(path): not readable (permission denied)")
        case ENOTDIR: CLIFailure(.runtime, "\(path): no such file (a part of the path is not a folder)")
        default: failure(.file(path), "cannot open", code)
        }
    }

    /// `name: what (reason)`, with the system's description of `code`.
    static func failure(_ source: InputSource, _ what: String, _ code: Int32) -> CLIFailure {
        if code == EISDIR { return CLIFailure(.runtime, "\(source.name): is a directory") }
        return CLIFailure(.runtime, "\(source.name): \(what) (\(String(cString: strerror(code))))")
    }
}
