// Connects to `genai-exec mcp` with the official TypeScript SDK, lists the tools, runs code, and prints what came
// back as one JSON object. Usage: node client.mjs GENAI_EXEC_DLL WORKING_DIRECTORY
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [, , dll, cwd] = process.argv;
const transport = new StdioClientTransport({
  command: "dotnet",
  args: [dll, "mcp"],
  cwd,
  env: { ...process.env, NO_COLOR: "1", GENAI_EXECUTER_USE_KEYRING: "false" },
  stderr: "inherit",
});
const client = new Client({ name: "genai-exec-ts-test", version: "1.0.0" });
await client.connect(transport);
const tools = await client.listTools();
const ran = await client.callTool({ name: "execute_python", arguments: { code: "print(6 * 7)" } });
const refused = await client.callTool({ name: "execute_python", arguments: { code: "import socket\nsocket.create_connection(('127.0.0.1', 9))" } });
console.log(JSON.stringify({ server: client.getServerVersion(), tools: tools.tools.map((t) => t.name).sort(), ran, refused }));
await client.close();
