/**
 * compile's `documents: false` (synth --stdout, check, graph): the objects' files exactly as with the
 * documents, and none of the documents; the diagram is still there when asked for.
 */
import { compileProject, PROJECTS } from '../helpers';

const DOCUMENTS = ['kustomization.yaml', 'README.md', 'SECRETS.md'];

describe('documents: false', () => {
  test.each(PROJECTS)('%s', (project) => {
    const full = compileProject(project);
    const bare = compileProject(project, { documents: false });
    const objectsOnly = [...full.files].filter(([name]) => !DOCUMENTS.includes(name));
    expect(objectsOnly.length).toBe(full.objects.length);
    expect([...bare.files]).toEqual(objectsOnly);
    expect(bare.diagram).toBe(full.diagram);
    expect(full.files.get('README.md')).toContain(full.diagram.split('\n')[0]);
  });
});
