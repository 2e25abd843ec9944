import Foundation

/// Quality against achieved compression ratio, one line per method, one
/// plot per task, drawn as SVG by hand.
public enum SVGPlot {
    static let palette = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#e377c2", "#ff7f0e"]

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The plot of one task's headline metric.
    public static func render(_ task: TaskResult, methods: [Method]) -> String {
        let metric = task.metrics[0]
        let width = 720.0, height = 440.0
        let left = 60.0, right = 200.0, top = 40.0, bottom = 50.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let ratios = task.results.map(\.achievedRatio).filter(\.isFinite)
        let maxRatio = max(16, pow(2, (log2(ratios.max() ?? 16)).rounded(.up)))
        func x(_ ratio: Double) -> Double { left + log2(max(ratio, 1)) / log2(maxRatio) * plotWidth }
        func y(_ value: Double) -> Double { top + (1 - value) * plotHeight }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="22" font-size="14" font-weight="bold">\(escape(task.task.rawValue)): \(escape(metric)) against compression ratio (\(task.cases) cases)</text>

            """
        // Grid and axes.
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(tick)))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(Int((tick * 100).rounded())) %</text>\n"
        }
        var tick = 1.0
        while tick <= maxRatio {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(top + plotHeight))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"middle\">\(Int(tick))x</text>\n"
            tick *= 2
        }
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">achieved compression ratio (input tokens / output tokens, log scale)</text>\n"
        svg += "<text transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(metric))</text>\n"

        // Tersify last, on top of the others.
        let drawOrder = methods.enumerated().sorted { ($0.element == .tersify ? 1 : 0) < ($1.element == .tersify ? 1 : 0) }
        for (index, method) in drawOrder {
            let color = palette[index % palette.count]
            // Lines join the ratio targets; a token budget is a hollow point of its own.
            let points = task.results.filter { $0.method == method }.compactMap { result -> (Double, Estimate, Bool)? in
                guard result.achievedRatio.isFinite, let estimate = result.metrics[metric], estimate.n > 0 else { return nil }
                if case .ratio = result.target { return (result.achievedRatio, estimate, true) }
                return (result.achievedRatio, estimate, false)
            }.sorted { $0.0 < $1.0 }
            let stroke = method == .tersify ? 3.0 : 1.5
            let dash = method.isBaseline || method == .tersify ? "" : " stroke-dasharray=\"4 3\""
            let joined = points.filter(\.2)
            if joined.count > 1 {
                let path = joined.map { "\(f(x($0.0))),\(f(y($0.1.value)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(stroke)\"\(dash)/>\n"
            }
            for (ratio, estimate, isRatio) in points {
                svg += "<line x1=\"\(f(x(ratio)))\" y1=\"\(f(y(estimate.low)))\" x2=\"\(f(x(ratio)))\" y2=\"\(f(y(estimate.high)))\" stroke=\"\(color)\" stroke-opacity=\"0.5\"/>\n"
                svg += isRatio
                    ? "<circle cx=\"\(f(x(ratio)))\" cy=\"\(f(y(estimate.value)))\" r=\"3\" fill=\"\(color)\"/>\n"
                    : "<circle cx=\"\(f(x(ratio)))\" cy=\"\(f(y(estimate.value)))\" r=\"4\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
            }
            let legendY = top + 10 + Double(index) * 18
            svg += "<line x1=\"\(f(left + plotWidth + 12))\" y1=\"\(f(legendY))\" x2=\"\(f(left + plotWidth + 36))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" stroke-width=\"\(stroke)\"\(dash)/>\n"
            svg += "<text x=\"\(f(left + plotWidth + 42))\" y=\"\(f(legendY + 4))\">\(escape(method.name))</text>\n"
        }
        let noteY = top + 10 + Double(methods.count) * 18 + 12
        svg += "<text x=\"\(f(left + plotWidth + 12))\" y=\"\(f(noteY))\" font-size=\"10\" fill=\"#555\">lines: ratio targets</text>\n"
        svg += "<text x=\"\(f(left + plotWidth + 12))\" y=\"\(f(noteY + 13))\" font-size=\"10\" fill=\"#555\">hollow: token budgets</text>\n"
        svg += "<text x=\"\(f(left + plotWidth + 12))\" y=\"\(f(noteY + 26))\" font-size=\"10\" fill=\"#555\">bars: 95 % intervals</text>\n"
        svg += "</svg>\n"
        return svg
    }
}
