import Foundation

/// A progress bar on standard error, drawn only when standard error is a
/// terminal and only once the run has taken a second; otherwise silent, so
/// CI logs stay clean.
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private let enabled: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// - Parameter enabled: Force on or off; by default, on when stderr is a terminal.
    public init(enabled: Bool? = nil) {
        self.enabled = enabled ?? (isatty(2) == 1)
    }

    /// Records `done` of `total` cases, in `label`.
    public func update(_ done: Int, _ total: Int, _ label: String) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= 1, now.timeIntervalSince(lastDraw) >= 0.1 || done == total else { return }
        lastDraw = now
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            + "] \(done)/\(total) \(label)  \(Int(elapsed)) s, about \(Int(eta)) s left   "
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Clears the bar's line.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 90) + "\r").utf8)) }
        drawn = false
    }
}
