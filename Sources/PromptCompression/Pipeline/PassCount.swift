/// The token count after a pass: known, or being taken on another thread.
enum PassCount {
    case known(Int)
    case counting(CountJob)

    /// The count, waiting for (or taking) the job if need be.
    var value: Int {
        switch self {
        case let .known(count): count
        case let .counting(job): job.value
        }
    }
}
