/// A JSON syntax or shape problem at a byte offset.
struct JSONProblem: Error {
    var reason: String
    var offset: Int
}
