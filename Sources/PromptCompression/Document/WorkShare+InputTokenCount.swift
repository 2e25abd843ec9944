extension WorkShare {
    /// A work share for one compression of the document whose input `count`
    /// counts: its second thread is the count's background thread, lent for
    /// the rest of the count, which it goes on taking chunk by chunk between
    /// the jobs. When that thread has already stopped, offered jobs go to the
    /// global queue (`offer`).
    ///
    /// - Returns: nil when the count has no background thread (a small
    ///   input, or one core): the compression then shares no work.
    convenience init?(beside count: InputTokenCount) {
        guard count.usesBackground else { return nil }
        self.init(between: count.countNextChunk)
        if !count.lendThread(to: serve) { stopServing() }
    }
}
