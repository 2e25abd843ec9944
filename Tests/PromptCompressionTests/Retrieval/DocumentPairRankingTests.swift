import Foundation
@testable import PromptCompression
import TersifyTestSupport
import Testing

/// The choice of the documents kept whole (`DocumentPairRanking.bestSet`)
/// against every set written out.
@Suite("Document pair ranking: the set of documents kept whole")
struct DocumentPairRankingTests {
    @Test("three cheap documents whose pairs add up beat the single best pair")
    func setBeatsPair() {
        // Pairs: (0, 1) weighs 1; (0, 2) and (0, 3) 0.75 each; (2, 3) 0.5.
        var weights = [Double](repeating: 0, count: 16)
        func pair(_ x: Int, _ y: Int, _ weight: Double) {
            weights[x * 4 + y] = weight
            weights[y * 4 + x] = weight
        }
        pair(0, 1, 1)
        pair(0, 2, 0.75)
        pair(0, 3, 0.75)
        pair(2, 3, 0.5)
        let costs = [5, 5, 2, 2]
        #expect(DocumentPairRanking.bestSet(weights: weights, costs: costs, budget: 10) == [0, 2, 3])
        // With room for all four: every pair counts.
        #expect(DocumentPairRanking.bestSet(weights: weights, costs: costs, budget: 14) == [0, 1, 2, 3])
        // Room for one pair only: the heavier one.
        #expect(DocumentPairRanking.bestSet(weights: weights, costs: [5, 5, 5, 5], budget: 10) == [0, 1])
        // The anchor alone, and not even that.
        #expect(DocumentPairRanking.bestSet(weights: weights, costs: [5, 9, 9, 9], budget: 10) == [0])
        #expect(DocumentPairRanking.bestSet(weights: weights, costs: [11, 1, 1, 1], budget: 10) == [])
    }

    @Test("the best set agrees with every set written out (seeded)", arguments: [1, 2, 3, 4])
    func agreesWithEverySet(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<300 {
            let n = 1 + Int(generator.next() % 9)
            // Whole-number weights, so that sums in any order are exact and
            // ties are real ties; some pairs weigh nothing.
            var weights = [Double](repeating: 0, count: n * n)
            for x in 0..<n {
                for y in (x + 1)..<n {
                    let weight = Double(generator.next() % 4)
                    weights[x * n + y] = weight
                    weights[y * n + x] = weight
                }
            }
            let costs = (0..<n).map { _ in 1 + Int(generator.next() % 10) }
            let budget = Int(generator.next() % 30)
            // Every set that holds candidate 0 and fits: the most weight,
            // then the least cost, then the first in mask order.
            var expected: (mask: Int, value: Double, cost: Int)?
            for mask in 0..<(1 << n) where mask & 1 != 0 {
                let members = (0..<n).filter { mask & (1 << $0) != 0 }
                let cost = members.reduce(0) { $0 + costs[$1] }
                guard cost <= budget else { continue }
                var value = 0.0
                for (k, x) in members.enumerated() {
                    for y in members[(k + 1)...] { value += weights[x * n + y] }
                }
                if let best = expected, value < best.value || (value == best.value && cost >= best.cost) { continue }
                expected = (mask, value, cost)
            }
            let chosen = DocumentPairRanking.bestSet(weights: weights, costs: costs, budget: budget)
            let expectedMembers = expected.map { best in (0..<n).filter { best.mask & (1 << $0) != 0 } } ?? []
            #expect(chosen == expectedMembers, "n \(n), costs \(costs), budget \(budget)")
        }
    }
}
