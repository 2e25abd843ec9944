#!/usr/bin/env python3
"""Compresses a JSON Lines file of requests with Spark: each partition of
lines is piped through `tersify batch` (RDD.pipe), a map step like any
other; the responses come back in input order.

    python3 scripts/spark-batch.py requests.jsonl responses.jsonl \
        [--tersify PATH] [--partitions N] [--args "--budget 800"]

Runs Spark in local mode here (local[*]); on a cluster, submit it with
spark-submit and put the tersify binary and its vocabulary cache on every
worker (the vocabularies are read from ~/.cache/tersify or
$TERSIFY_CACHE_DIR, whichever tersify is told).
"""
import argparse
import shlex

from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--tersify", default="tersify", help="the tersify binary (default: from PATH)")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--args", default="", help="options for every line, e.g. \"--budget 800\"")
    options = parser.parse_args()

    spark = SparkSession.builder.master("local[*]").appName("tersify-batch").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        lines = spark.sparkContext.textFile(options.input, minPartitions=options.partitions)
        # One tersify process a partition, one thread each: Spark runs the
        # partitions in parallel.
        command = [options.tersify, "batch", "--jobs", "1"] + shlex.split(options.args)
        responses = lines.pipe(shlex.join(command), checkCode=True).collect()
    finally:
        spark.stop()
    with open(options.output, "w", encoding="utf-8") as out:
        for line in responses:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
