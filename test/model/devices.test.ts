import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { compileText, find, mainContainer, type Any } from '../helpers';

const lines = (...l: string[]) => [...l, ''].join('\n');
const at = (r: ReturnType<typeof compileText>, prefix: string) => r.warnings.filter((w) => w.path?.startsWith(prefix)).map((w) => `${w.path}: ${w.message}`);

describe('GPUs and device requests', () => {
  test('deploy.resources.reservations.devices with the gpu capability → nvidia.com/gpu limits', () => {
    const r = compileText(
      lines(
        'name: ml',
        'services:',
        '  train:',
        '    image: acme/train:1.0',
        '    user: "1000:1000"',
        '    read_only: true',
        '    deploy:',
        '      resources:',
        '        limits: {cpus: "2", memory: 4g}',
        '        reservations:',
        '          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]',
      ),
    );
    expect(mainContainer(find(r, 'Deployment', 'train')).resources).toEqual({
      requests: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '128Mi' },
      limits: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '1Gi', 'nvidia.com/gpu': '2' },
    });
    expect(at(r, 'services.train')).toEqual([
      "services.train: requests 2 nvidia.com/gpu: the nodes need the vendor's device plugin (e.g. the NVIDIA GPU Operator) to offer it, and GPU nodes are often tainted: add the matching toleration in a kustomize patch",
    ]);
  });

  test('gpus: all needs a number (default 1, with the fix); driver amd → amd.com/gpu; device_ids are not expressible', () => {
    const r = compileText(
      lines(
        'name: ml',
        'services:',
        '  a: {image: "acme/a:1.0", user: "1000:1000", gpus: all}',
        '  b:',
        '    image: acme/b:1.0',
        '    user: "1000:1000"',
        '    gpus:',
        '      - {driver: amd, count: 1}',
        '      - {device_ids: ["0", "3"]}',
      ),
    );
    expect(mainContainer(find(r, 'Deployment', 'a')).resources.limits['nvidia.com/gpu']).toBe('1');
    const b = mainContainer(find(r, 'Deployment', 'b')).resources.limits;
    expect([b['amd.com/gpu'], b['nvidia.com/gpu']]).toEqual(['1', '2']);
    expect(at(r, 'services.a.gpus')).toEqual([
      'services.a.gpus: count "all" needs a number on Kubernetes (extended resources are counted): requesting 1 nvidia.com/gpu; write count: N (the GPUs a node has) in the compose file',
    ]);
    expect(at(r, 'services.b.gpus')).toEqual([
      'services.b.gpus[1].device_ids: GPU device_ids "0", "3" cannot be expressed with extended resources: the pod gets 2 nvidia.com/gpu chosen by the device plugin; to pin GPUs, label the nodes and add a nodeSelector, or use the vendor\'s device-plugin configuration',
    ]);
  });

  test('a device request without the gpu capability warns with what is needed', () => {
    const r = compileText(
      lines(
        'name: ml',
        'services:',
        '  a:',
        '    image: acme/a:1.0',
        '    user: "1000:1000"',
        '    deploy: {resources: {reservations: {devices: [{capabilities: [tpu], driver: acme, count: 1}]}}}',
      ),
    );
    expect(Object.keys(mainContainer(find(r, 'Deployment', 'a')).resources.limits)).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    expect(at(r, 'services.a.deploy')).toEqual([
      'services.a.deploy.resources.reservations.devices[0]: not translated: a device request with capabilities "tpu" (driver "acme"); Kubernetes gives devices to pods through a device plugin that advertises them as an extended resource: install the plugin on the nodes and add the resource to resources.limits in a kustomize patch',
    ]);
  });
});

describe('label_file', () => {
  test('label files are read like env files, under labels, into annotations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-labels-'));
    try {
      fs.writeFileSync(path.join(dir, 'compose.yaml'), lines('name: shop', 'services:', '  web:', '    image: acme/web:1.0', '    label_file: [base.labels, team.labels]', '    labels: {tier: front}'));
      fs.writeFileSync(path.join(dir, 'base.labels'), '# labels\ncom.example.owner=ops\ntier=back\n');
      fs.writeFileSync(path.join(dir, 'team.labels'), 'com.example.owner="web team"\n');
      const r = compile({ files: [], cwd: dir, environment: {} });
      expect((find(r, 'Deployment', 'web') as Any).metadata.annotations).toMatchObject({ 'com.example.owner': 'web team', tier: 'front' });
      expect(r.warnings.filter((w) => w.path?.includes('label_file'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
