// libFuzzer's driver, for the fuzz targets in Fuzz/Targets.
//
// SwiftPM links an executable target with `--defsym main=<Target>_main`, so
// libFuzzer's own `main` is never used: each target defines `<Target>_main`
// (see FuzzMain.swift in each target) and hands its arguments and its
// LLVMFuzzerTestOneInput to this driver, which libclang_rt.fuzzer provides.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
