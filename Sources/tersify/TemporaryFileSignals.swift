import Glibc

/// The path the signal handler removes; set only while signals are blocked.
enum TemporaryFileSignals {
    nonisolated(unsafe) static var path: UnsafeMutablePointer<CChar>? = nil
}
