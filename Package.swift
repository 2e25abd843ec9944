// swift-tools-version: 6.0
import Foundation
import PackageDescription

// TERSIFY_NO_SERVER=1 builds `tersify` without `serve` and `mcp` (and
// without their dependencies): the sanitizer runs, which test the libraries,
// set it to stay within CI's time.
let withServer = ProcessInfo.processInfo.environment["TERSIFY_NO_SERVER"] != "1"

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
            dependencies: ["CDigest", "CICU"]
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
            ] + (withServer ? ["TersifyServer", "TersifyMCP"] : []),
            swiftSettings: withServer ? [.define("TERSIFY_SERVER")] : []
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
            dependencies: ["tersify", "TersifyTestSupport"],
            exclude: ["Scripts"]
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

// The documentation catalogs (Sources/*/*.docc), built by scripts/docs.sh
// with TERSIFY_DOCS=1 into their own scratch path: a package that depends
// on the libraries never resolves the plugin.
if ProcessInfo.processInfo.environment["TERSIFY_DOCS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}

// `tersify serve` and `tersify mcp`, and their dependencies: left out of the
// package with TERSIFY_NO_SERVER=1 (see `withServer`).
if withServer {
    package.dependencies += [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ]
    package.targets += [
        // `tersify serve`: the HTTP server and OpenAI-compatible proxy.
        .target(
            name: "TersifyServer",
            dependencies: [
                "PromptTokenizer",
                "PromptCompression",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // `tersify mcp`: the MCP server for agents.
        .target(
            name: "TersifyMCP",
            dependencies: [
                "PromptTokenizer",
                "PromptCompression",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
    ]
}
