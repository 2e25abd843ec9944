/// A start tag: its name, its end, and whether it closes itself (`<br/>`).
struct StartTag {
    var name: Range<Int>
    var end: Int
    var closesItself: Bool
}
