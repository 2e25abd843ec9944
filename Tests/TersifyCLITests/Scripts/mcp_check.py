"""Drives `tersify mcp` with the Python MCP client and prints what it saw as JSON.

    python3 mcp_check.py TERSIFY_BINARY SAMPLE_PROMPT

The client starts the server over standard input and output, lists its
tools and calls each; the Swift test (MCPCLITests) asserts on the output.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
PROMPT = open(SAMPLE, encoding="utf-8").read()


def result(call):
    return {"error": call.isError, "text": "".join(c.text for c in call.content if c.type == "text"),
            "structured": call.structuredContent}


async def main():
    seen = {}
    async with stdio_client(StdioServerParameters(command=BINARY, args=["mcp"])) as (read, write):
        async with ClientSession(read, write) as session:
            info = await session.initialize()
            seen["server"] = info.serverInfo.name
            tools = await session.list_tools()
            seen["tools"] = {tool.name: sorted(tool.inputSchema.get("properties", {})) for tool in tools.tools}
            seen["compress"] = result(await session.call_tool("compress", {"text": PROMPT, "budget": 120}))
            seen["messages"] = result(await session.call_tool("compress", {
                "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": PROMPT}],
                "budget": 120, "compress_last_user": True}))
            seen["count"] = result(await session.call_tool("count_tokens", {"text": PROMPT}))
            seen["bad_budget"] = result(await session.call_tool("compress", {"text": PROMPT, "budget": -3}))
            seen["no_text"] = result(await session.call_tool("count_tokens", {}))
            seen["unknown"] = result(await session.call_tool("summarize", {"text": "x"}))
    print(json.dumps(seen))


asyncio.run(main())
