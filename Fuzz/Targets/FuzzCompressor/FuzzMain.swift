import CFuzzDriver

/// The entry point SwiftPM links as `main` (`--defsym main=FuzzCompressor_main`):
/// runs libFuzzer's driver on this target's `LLVMFuzzerTestOneInput`.
@_cdecl("FuzzCompressor_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    warmUp()
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in LLVMFuzzerTestOneInput(data, size) }
}

/// Loads the vocabulary and builds every table compression builds on first
/// use (ICU's break iterators, stopword and language tables) before the
/// driver starts, so that `-timeout` measures each input's compression
/// alone: the first input would otherwise carry over a second of start-up.
func warmUp() {
    let sample = Array("The harbor museum opens at ten. Das ist ein Satz und das ist gut.\n\nWhen does it open?".utf8)
    for flags: UInt8 in [0x00, 0x05, 0x13, 0x20] {
        let input = [50, flags] + sample
        _ = input.withUnsafeBufferPointer { LLVMFuzzerTestOneInput($0.baseAddress, $0.count) }
    }
}
