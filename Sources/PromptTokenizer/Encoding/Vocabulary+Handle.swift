extension Vocabulary {
    /// Calls `body` with unsafe views of the vocabulary and class tables and
    /// a scratch buffer; none of them may escape `body`.
    @inline(__always)
    func withHandle<R>(_ body: (_EncodeHandle) throws -> R) rethrows -> R {
        let classes = CharacterClass.table
        return try tokenBytes.withUnsafeBufferPointer { arena in
            try tokenStarts.withUnsafeBufferPointer { starts in
                try slots.withUnsafeBufferPointer { slots in
                    try byteRanks.withUnsafeBufferPointer { byteRanks in
                      try bytePairRanks.withUnsafeBufferPointer { bytePairs in
                       try tokenFilter.withUnsafeBufferPointer { tokenFilter in
                        try classes.ascii.withUnsafeBufferPointer { ascii in
                            try classes.stage1.withUnsafeBufferPointer { stage1 in
                                try classes.stage2.withUnsafeBufferPointer { stage2 in
                                 try classes.twoByteLetters.withUnsafeBufferPointer { twoByteLetters in
                                    try withUnsafeTemporaryAllocation(
                                        of: UInt32.self, capacity: 3 * _EncodeHandle.smallPieceLimit + 1 + (_EncodeHandle.smallPieceLimit + 8) / 4
                                    ) { scratch in
                                        try body(
                                            _EncodeHandle(
                                                arena: arena.baseAddress!, starts: starts.baseAddress!,
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
