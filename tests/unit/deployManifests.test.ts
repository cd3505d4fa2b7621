// Runs in Node (tests). The deployment files under deploy/ are parsed and checked against each other: the
// Kubernetes Indexed Job (its shard count, index source, secrets and volumes), the Containerfile (its entry
// point and what it copies exists) and the shard script, so an edit that breaks one of them fails here.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/tempDir';

const deploy = path.join(repoRoot, 'deploy');

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  env: EnvVar[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

interface JobManifest {
  apiVersion: string;
  kind: 'Job';
  metadata: { name: string };
  spec: {
    completionMode: string;
    completions: number;
    parallelism: number;
    backoffLimitPerIndex?: number;
    podReplacementPolicy?: string;
    template: {
      spec: {
        restartPolicy: string;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        containers: Container[];
        volumes: { name: string; emptyDir?: object; secret?: { secretName: string; defaultMode?: number; items?: { key: string; path: string }[] }; persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

function manifests(): { kind: string; apiVersion: string; metadata: { name: string } }[] {
  const documents = parseAllDocuments(readFileSync(path.join(deploy, 'kubernetes', 'migrate-job.yaml'), 'utf8'));
  for (const document of documents) expect(document.errors, 'YAML errors').toEqual([]);
  return documents.map((document) => document.toJS() as { kind: string; apiVersion: string; metadata: { name: string } });
}

function job(): JobManifest {
  const found = manifests().find((item) => item.kind === 'Job');
  expect(found).toBeDefined();
  return found as unknown as JobManifest;
}

const envOf = (container: Container) => new Map(container.env.map((variable) => [variable.name, variable]));

/** Every variable deploy/migrate-shard.sh requires (`: "${NAME:?…}"`). */
function requiredByScript(): string[] {
  const script = readFileSync(path.join(deploy, 'migrate-shard.sh'), 'utf8');
  return [...script.matchAll(/: "\$\{([A-Z_]+):\?/g)].map((match) => match[1]!);
}

describe('deploy/kubernetes/migrate-job.yaml', () => {
  it('is an Indexed batch/v1 Job whose copies all run at once, one per shard, never restarted in place', () => {
    const manifest = job();
    expect(manifest.apiVersion).toBe('batch/v1');
    expect(manifest.spec.completionMode).toBe('Indexed');
    expect(manifest.spec.completions).toBeGreaterThan(1);
    expect(manifest.spec.parallelism).toBe(manifest.spec.completions);
    expect(manifest.spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    // Two copies of one index at once is the one thing that could publish a recording twice.
    expect(manifest.spec.podReplacementPolicy).toBe('Failed');
    expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
    expect(manifest.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
    expect(manifest.spec.template.spec.containers).toHaveLength(1);
  });

  it('gives the shard script its index from JOB_COMPLETION_INDEX and a shard count equal to the completions', () => {
    const manifest = job();
    const env = envOf(manifest.spec.template.spec.containers[0]!);
    expect(env.get('JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(Number(env.get('SHARDS')?.value)).toBe(manifest.spec.completions);
    for (const name of requiredByScript()) expect(env.has(name), `${name} is required by migrate-shard.sh`).toBe(true);
    expect(env.get('POD_URL')?.value).toMatch(/^https:\/\//);
    expect(env.get('BBB_URL')?.value).toMatch(/^https:\/\/.*\/bigbluebutton\/api$/);
  });

  it('reads both secrets from a Secret volume, mounted read-only where the variables point, readable by the non-root user', () => {
    const spec = job().spec.template.spec;
    const container = spec.containers[0]!;
    const env = envOf(container);
    const secretVolume = spec.volumes.find((volume) => volume.secret)!;
    expect(secretVolume.secret!.defaultMode! & 0o040).toBe(0o040); // group-readable: fsGroup is how the non-root user reads it
    const mount = container.volumeMounts.find((item) => item.name === secretVolume.name)!;
    expect(mount.readOnly).toBe(true);
    for (const variable of ['BBB_SECRET_FILE', 'POD_TOKEN_FILE']) {
      const file = env.get(variable)!.value!;
      expect(path.posix.dirname(file)).toBe(mount.mountPath);
      expect(secretVolume.secret!.items!.map((item) => item.path)).toContain(path.posix.basename(file));
    }
    // Secrets never in plain text in the manifest.
    expect(container.env.some((variable) => /secret|token/i.test(variable.name) && !variable.name.endsWith('_FILE') && variable.value !== undefined)).toBe(false);
  });

  it('gives each copy its own library (an emptyDir) and a shared claim for the reports, declared in the same file', () => {
    const all = manifests();
    const spec = job().spec.template.spec;
    const container = spec.containers[0]!;
    const env = envOf(container);
    const mountOf = (name: string) => container.volumeMounts.find((item) => item.name === name)!;
    const library = spec.volumes.find((volume) => volume.emptyDir)!;
    expect(env.get('CAPSULE_LIBRARY')!.value!.startsWith(mountOf(library.name).mountPath)).toBe(true);
    const reports = spec.volumes.find((volume) => volume.persistentVolumeClaim)!;
    expect(env.get('REPORT_DIR')!.value).toBe(mountOf(reports.name).mountPath);
    expect(all.some((item) => item.kind === 'PersistentVolumeClaim' && item.metadata.name === reports.persistentVolumeClaim!.claimName)).toBe(true);
  });
});

describe('deploy/Containerfile and migrate-shard.sh', () => {
  const containerfile = readFileSync(path.join(deploy, 'Containerfile'), 'utf8');

  it('copies only paths that exist, installs FFmpeg, and starts the shard script as a non-root user', () => {
    const copies = [...containerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((match) => match[1]!.trim().split(/\s+/).slice(0, -1));
    expect(copies.length).toBeGreaterThan(3);
    for (const source of copies) expect(existsSync(path.join(repoRoot, source)), source).toBe(true);
    expect(containerfile).toMatch(/apt-get install[^\n]*\bffmpeg\b/);
    expect(containerfile).toMatch(/^USER node$/m);
    expect(containerfile).toMatch(/COPY deploy\/migrate-shard\.sh \/usr\/local\/bin\/migrate-shard/);
    expect(containerfile).toMatch(/^ENTRYPOINT \[.*"\/usr\/local\/bin\/migrate-shard"\]$/m);
  });

  it('is valid POSIX sh and refuses to start without a shard index', () => {
    execFileSync('/bin/sh', ['-n', path.join(deploy, 'migrate-shard.sh')]);
    let failure: { status: number | null; stderr: string } | null = null;
    try {
      execFileSync('/bin/sh', [path.join(deploy, 'migrate-shard.sh')], {
        env: { PATH: process.env.PATH, BBB_URL: 'https://bbb.example.edu/bigbluebutton/api', BBB_SECRET_FILE: '/x', POD_URL: 'https://pod.example.edu', POD_TOKEN_FILE: '/y', POD_ADMIN: 'admin', SHARDS: '3' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const failed = error as { status: number | null; stderr: Buffer };
      failure = { status: failed.status, stderr: failed.stderr.toString('utf8') };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toMatch(/No shard index: set JOB_COMPLETION_INDEX/);
  });
});
