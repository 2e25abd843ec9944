import PromptCompression
import PromptTokenizer

/// The quality benchmark suite behind `tersify bench`: token savings
/// against quality proxies on real data, with baselines at the same budget.
public enum QualityBench {}
