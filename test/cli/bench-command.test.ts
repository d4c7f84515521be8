import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../../src/bench/types";
import { parseBenchFlags } from "../../src/cli/bench-flags";
import { fixturePath, repoRoot } from "../helpers";

const dir = mkdtempSync(join(tmpdir(), "bench-flags-"));
const zip = join(dir, "llrt-lambda-arm64.zip");
writeFileSync(zip, "not really a zip");
const deploy = { roleArn: "arn:aws:iam::123456789012:role/bench", region: "eu-west-1", allowAccount: ["123456789012"], llrtZip: zip };

describe("parseBenchFlags", () => {
  it("fills defaults for a deploy with every safety flag", () => {
    expect(parseBenchFlags(deploy, {})).toMatchObject({ ...deploy, local: false, cold: 10, warm: 20, memory: 128, arch: "arm64", nodeRuntime: "nodejs22.x" });
  });

  it.each([
    [{ ...deploy, roleArn: undefined }, "deploying needs --role-arn (or use --local)"],
    [{ ...deploy, region: undefined }, "deploying needs --region"],
    [{ ...deploy, allowAccount: [] }, "deploying needs --allow-account <id> naming the account(s) it may use"],
    [{ ...deploy, llrtLayerArn: "arn:aws:lambda:eu-west-1:123456789012:layer:llrt:3" }, "deploying needs exactly one of --llrt-zip"],
    [{ ...deploy, llrtZip: undefined }, "deploying needs exactly one of --llrt-zip"],
    [{ ...deploy, roleArn: "arn:aws:iam::123:user/me" }, "--role-arn must be an IAM role ARN"],
    [{ ...deploy, allowAccount: ["12345"] }, "--allow-account must be a 12-digit AWS account id"],
    [{ ...deploy, cold: "0" }, "--cold must be between 1 and 100"],
    [{ ...deploy, memory: "64" }, "--memory must be between 128 and 10240"],
    [{ ...deploy, llrtZip: join(dir, "missing.zip") }, "--llrt-zip: file not found"],
    [{ cleanup: true }, "--cleanup needs --region"],
  ])("refuses %o", (raw, message) => {
    expect(() => parseBenchFlags(raw as Record<string, unknown>, {})).toThrow(message);
  });

  it("needs no AWS flags in local mode, and takes the LLRT binary from LLRT_BIN", () => {
    expect(parseBenchFlags({ local: true }, {}).llrtBin).toBeUndefined();
    expect(parseBenchFlags({ local: true }, { LLRT_BIN: zip }).llrtBin).toBe(zip);
    expect(parseBenchFlags({ local: true, llrtBin: zip }, { LLRT_BIN: "/elsewhere" }).llrtBin).toBe(zip);
    expect(() => parseBenchFlags({ local: true }, { LLRT_BIN: join(dir, "no-llrt") })).toThrow("--llrt-bin/LLRT_BIN: file not found");
  });
});

describe("llrt-migrate bench (built CLI)", () => {
  const cli = (args: string[]) => {
    const run = spawnSync(process.execPath, [join(repoRoot, "bin", "llrt-migrate.js"), ...args], { encoding: "utf8", env: { PATH: process.env.PATH } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it("benchmarks the sample locally and prints JSON", () => {
    const run = cli(["bench", fixturePath("projects", "sam-app"), "--local", "--function", "HelloFunction", "--cold", "2", "--warm", "3", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as BenchmarkResult;
    expect(result.mode).toBe("local");
    expect(result.node.cold?.n).toBe(2);
    expect(result.node.warm?.n).toBe(3);
    expect(result.llrt.measured).toBe(false);
  });

  it("prints the Markdown table by default", () => {
    const run = cli(["bench", fixturePath("projects", "sam-app"), "--local", "--cold", "1", "--warm", "1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("#### Benchmark: HelloFunction (local Runtime API emulator");
    expect(run.stdout).toContain("not measured: no LLRT binary given");
  });

  it("refuses to deploy without a role, in one line", () => {
    const run = cli(["bench", fixturePath("projects", "sam-app"), "--region", "eu-west-1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("llrt-migrate: deploying needs --role-arn (or use --local)\n");
  });

  it("refuses an account outside --allow-account in one line, without the AWS SDK's Node.js version notice", () => {
    const run = cli([
      "bench", fixturePath("projects", "sam-app"),
      "--role-arn", "arn:aws:iam::123456789012:role/bench", "--region", "eu-west-1", "--allow-account", "999999999999",
      "--llrt-layer-arn", "arn:aws:lambda:eu-west-1:123456789012:layer:llrt:3",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("llrt-migrate: error: refusing to deploy: the role's account 123456789012 is not in --allow-account (999999999999)\n");
  });
});
