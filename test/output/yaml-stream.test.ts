/**
 * `synth --stdout`: compile with `outputFiles: false` renders no file, and writeYamlStream writes
 * every object's file, byte for byte, in file order, each after `---`, in pieces; the diagram is
 * still there when asked for.
 */
import { K8sObject, writeYamlStream } from '../../src/output/render';
import { compileProject, PROJECTS } from '../helpers';

const DOCUMENTS = ['kustomization.yaml', 'README.md', 'SECRETS.md'];

describe('outputFiles: false and writeYamlStream', () => {
  test.each(PROJECTS)('%s', (project) => {
    const full = compileProject(project);
    const bare = compileProject(project, { outputFiles: false });
    expect(bare.files.size).toBe(0);
    expect(bare.objects).toEqual(full.objects);
    expect(bare.diagram).toBe(full.diagram);
    const pieces: string[] = [];
    writeYamlStream(bare.objects, (t) => pieces.push(t));
    const objectFiles = [...full.files].filter(([name]) => !DOCUMENTS.includes(name));
    expect(objectFiles.length).toBe(full.objects.length);
    expect(pieces.join('')).toBe(objectFiles.map(([, text]) => `---\n${text}`).join(''));
  });

  test('large streams come in pieces of about 64 KiB; two objects for one file are an internal error', () => {
    const config = (i: number): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${String(i).padStart(4, '0')}` }, data: { text: 'x'.repeat(1000) } });
    const pieces: string[] = [];
    writeYamlStream(Array.from({ length: 300 }, (_, i) => config(i)), (t) => pieces.push(t));
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(pieces.join('').match(/^---$/gm)?.length).toBe(300);
    expect(() => writeYamlStream([config(1), config(1)], () => undefined)).toThrow('internal error: two objects would be written to 20-configmap-c0001.yaml');
  });
});
