extension Vocabulary {
    /// Calls `body` with unsafe views of the vocabulary, the class tables of
    /// `pattern` and a scratch buffer; none of them may escape `body`.
    @inline(__always)
    func withHandle<R>(_ pattern: SplitPattern, _ body: (EncodeHandle) throws -> R) rethrows -> R {
        let classes = CharacterClass.table
        // The handle reads the pattern's classes through `ascii`, `stage1` and `stage2`.
        switch pattern {
        case .cl100k, .llama3, .qwen2:
            return try withHandle(pattern, classes.ascii, classes.stage1, classes.stage2, classes.twoByteLetters, body)
        case .deepSeekV3:
            let segmented = DeepSeekCharacterClass.table
            return try withHandle(
                pattern, segmented.ascii, segmented.stage1, segmented.stage2, DeepSeekCharacterClass.twoByteWordCharacters, body)
        case .o200k, .tekken:
            let cased = CasedCharacterClass.table
            return try withHandle(pattern, cased.ascii, cased.stage1, cased.stage2, CasedCharacterClass.twoByteSets, body)
        }
    }

    @inline(__always)
    func withHandle<R>(
        _ pattern: SplitPattern, _ ascii: [UInt8], _ stage1: [UInt16], _ stage2: [UInt8], _ twoByteLetters: [UInt64],
        _ body: (EncodeHandle) throws -> R
    ) rethrows -> R {
        try tokenBytes.withUnsafeBufferPointer { arena in
            try tokenStarts.withUnsafeBufferPointer { starts in
                try slots.withUnsafeBufferPointer { slots in
                    try byteRanks.withUnsafeBufferPointer { byteRanks in
                      try bytePairRanks.withUnsafeBufferPointer { bytePairs in
                       try tokenFilter.withUnsafeBufferPointer { tokenFilter in
                        try ascii.withUnsafeBufferPointer { ascii in
                            try stage1.withUnsafeBufferPointer { stage1 in
                                try stage2.withUnsafeBufferPointer { stage2 in
                                 try twoByteLetters.withUnsafeBufferPointer { twoByteLetters in
                                    try withUnsafeTemporaryAllocation(
                                        of: UInt32.self, capacity: 3 * EncodeHandle.smallPieceLimit + 1 + (EncodeHandle.smallPieceLimit + 8) / 4
                                    ) { scratch in
                                        try body(
                                            EncodeHandle(
                                                pattern: pattern, arena: arena.baseAddress!, starts: starts.baseAddress!,
                                                slots: slots.baseAddress!, slotMask: slotMask,
                                                maxTokenLength: maxTokenLength, byteRanks: byteRanks.baseAddress!,
                                                bytePairs: bytePairs.baseAddress!, tokenFilter: tokenFilter.baseAddress!,
                                                ascii: ascii.baseAddress!, stage1: stage1.baseAddress!,
                                                stage2: stage2.baseAddress!, twoByteLetters: twoByteLetters.baseAddress!,
                                                trieBox: trie, scratch: scratch.baseAddress!
                                            ))
                                    }
                                 }
                                }
                            }
                        }
                       }
                      }
                    }
                }
            }
        }
    }
}
