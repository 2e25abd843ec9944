// swift-tools-version: 6.0
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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .target(
            name: "PromptTokenizer",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .target(
            name: "PromptCompression",
            dependencies: ["CICU", "PromptTokenizer"]
        ),
        .target(
            name: "TersifyBench",
            dependencies: ["PromptTokenizer", "PromptCompression", .product(name: "Crypto", package: "swift-crypto")],
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
        .executableTarget(
            name: "TersifyBenchmarks",
            dependencies: [
                "PromptTokenizer",
                "PromptCompression",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/TersifyBenchmarks"
        ),
        .target(
            name: "TersifyTestSupport",
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
