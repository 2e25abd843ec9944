import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value handed to the parts of a `WorkShare.runShared` that the type system cannot
/// check (buffers, lazy views, closures): every part only reads it.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Processors online, read once.
let onlineProcessors: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
