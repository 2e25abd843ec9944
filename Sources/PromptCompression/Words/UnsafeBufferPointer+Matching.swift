extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether `pattern` occurs at `index` (false when it would run past either end).
    func holds(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + pattern.count <= count else { return false }
        for (offset, byte) in pattern.enumerated() where self[index + offset] != byte { return false }
        return true
    }

    /// Whether `pattern` ends right before `index`.
    func holds(_ pattern: [UInt8], endingAt index: Int) -> Bool {
        holds(pattern, at: index - pattern.count)
    }
}
