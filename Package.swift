// swift-tools-version: 6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Tersify",
    products: [
        .library(name: "PromptTokenizer", targets: ["PromptTokenizer"]),
        .library(name: "PromptCompression", targets: ["PromptCompression"]),
        .library(name: "TersifyBench", targets: ["TersifyBench"]),
        .executable(name: "tersify", targets: ["tersify"]),
        .executable(name: "tersify-benchmarks", targets: ["TersifyBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "PromptTokenizer",
            dependencies: ["CDigest"]
        ),
        // SHA-256 from the system's libcrypto (libssl-dev).
        .target(
            name: "CDigest",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .target(
            name: "PromptCompression",
            dependencies: ["CICU", "PromptTokenizer"]
        ),
        // Internals shared by the quality suite, the benchmarks and the tests
        // (the process runner, the seeded generator); not a product.
        .target(name: "TersifyUtilities"),
        .target(
            name: "TersifyBench",
            dependencies: [
                "PromptTokenizer", "PromptCompression", "TersifyUtilities",
            ],
            path: "Benchmarks/TersifyBench"
        ),
        .executableTarget(
            name: "tersify",
            dependencies: [
                "PromptTokenizer",
                "PromptCompression",
                "TersifyBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Counts the heap allocations of the benchmark process (malloc and
        // its relatives, forwarded to glibc); linked into the benchmarks only.
        .target(name: "CAllocationCount", path: "Benchmarks/CAllocationCount"),
        .executableTarget(
            name: "TersifyBenchmarks",
            dependencies: [
                "CAllocationCount",
                "CICU",
                "PromptTokenizer",
                "PromptCompression",
                "TersifyBench",
                "TersifyUtilities",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/TersifyBenchmarks"
        ),
        .target(
            name: "TersifyTestSupport",
            dependencies: ["PromptTokenizer", "TersifyUtilities"],
            path: "Tests/TersifyTestSupport"
        ),
        .testTarget(
            name: "PromptTokenizerTests",
            dependencies: ["PromptTokenizer", "TersifyTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PromptCompressionTests",
            dependencies: ["PromptCompression", "TersifyTestSupport"]
        ),
        .testTarget(
            name: "TersifyBenchTests",
            dependencies: ["TersifyBench", "TersifyTestSupport"]
        ),
        .testTarget(
            name: "TersifyCLITests",
            dependencies: ["tersify", "TersifyTestSupport"]
        ),
    ]
)

// libFuzzer targets (Fuzz/), only when TERSIFY_FUZZ=1: they are built with
// `-sanitize=fuzzer,address` by scripts/fuzz.sh into their own scratch path,
// so a plain `swift build` or `swift test` never sees them.
if ProcessInfo.processInfo.environment["TERSIFY_FUZZ"] == "1" {
    package.targets.append(.target(name: "CFuzzDriver", path: "Fuzz/Support/CFuzzDriver"))
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/Support/FuzzSupport"))
    for name in ["FuzzTokenizer", "FuzzCompressor", "FuzzVocabulary", "FuzzMessages"] {
        package.targets.append(.executableTarget(
            name: name,
            dependencies: ["PromptTokenizer", "PromptCompression", "TersifyTestSupport", "CFuzzDriver", "FuzzSupport"],
            path: "Fuzz/Targets/\(name)"
        ))
    }
    // Peak memory of one compression (scripts/measure-memory.sh), built without sanitizers.
    package.products.append(.executable(name: "tersify-memory-probe", targets: ["MemoryProbe"]))
    package.targets.append(.executableTarget(
        name: "MemoryProbe",
        dependencies: ["PromptTokenizer", "PromptCompression"],
        path: "Fuzz/Tools/MemoryProbe"
    ))
}
