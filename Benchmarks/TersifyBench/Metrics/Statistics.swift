import Foundation

/// A proportion or mean with its 95 % interval.
public struct Estimate: Sendable, Hashable, Codable {
    public var value: Double
    public var low: Double
    public var high: Double
    /// Cases counted.
    public var n: Int
    /// Successes, for a proportion; nil for a mean.
    public var successes: Int?
}

/// The statistics the suite reports.
public enum Statistics {
    /// The z of a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// The Wilson score interval of `successes` out of `trials`.
    ///
    ///     wilson(successes: 0, trials: 10)   // 0 in [0, 0.2775]
    ///
    /// - Returns: The proportion and its interval; (0, 0, 1) for no trials.
    public static func wilson(successes: Int, trials: Int, z: Double = z95) -> Estimate {
        precondition(successes >= 0 && successes <= trials, "successes must be in 0...trials")
        guard trials > 0 else { return Estimate(value: 0, low: 0, high: 1, n: 0, successes: 0) }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // Rounding can leave p a hair outside its interval at 0 or 1: clamp.
        return Estimate(value: p, low: min(max(0, center - half), p), high: max(min(1, center + half), p), n: trials, successes: successes)
    }

    /// The mean of `values` in [0, 1] with a normal-approximation 95 %
    /// interval (mean ± z·s/√n), clamped to [0, 1].
    public static func mean(_ values: [Double], z: Double = z95) -> Estimate {
        guard !values.isEmpty else { return Estimate(value: 0, low: 0, high: 1, n: 0, successes: nil) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let half = z * (variance / n).squareRoot()
        return Estimate(value: mean, low: max(0, mean - half), high: min(1, mean + half), n: values.count, successes: nil)
    }

    /// The nearest-rank percentile (`p` in 0...100) of `values`; 0 when empty.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
