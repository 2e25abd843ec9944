import CFuzzDriver

/// The entry point SwiftPM links as `main` (`--defsym main=FuzzMessages_main`):
/// runs libFuzzer's driver on this target's `LLVMFuzzerTestOneInput`.
@_cdecl("FuzzMessages_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in LLVMFuzzerTestOneInput(data, size) }
}
