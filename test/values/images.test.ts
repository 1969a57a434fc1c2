/** Image references as compose checks them; build: + image: with --image-registry; pull_policy never/build. */
import { compileText, mainContainer, find, Any } from '../helpers';
import { UserError } from '../../src/diagnostics';
import { isImageReference } from '../../src/compose';

describe('image references', () => {
  test.each(['db:', 'Db:1', 'db:1:2', ':1', 'db@sha256:abc', '/db'])('%s is refused', (image) => expect(isImageReference(image)).toBe(false));
  test.each(['db:16', 'registry:5000/org/db:1.2', 'ghcr.io/a/b', `x@sha256:${'a'.repeat(64)}`, 'localhost/a_b__c-d:v1.0'])('%s is accepted', (image) => expect(isImageReference(image)).toBe(true));

  test('an interpolation that leaves an invalid reference is an error naming the variable', () => {
    let err: unknown;
    try {
      compileText('name: blog\nservices:\n  db:\n    image: db:${DB_VERSION}\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const text = String((err as Error).message);
    expect(text).toContain('services.db.image');
    expect(text).toContain('DB_VERSION');
    expect(text).toContain('"db:"');
  });

  test('with the variable set the image is written', () => {
    const r = compileText('name: blog\nservices:\n  db:\n    image: postgres:${DB_VERSION}\n', { environment: { DB_VERSION: '16.4' } });
    expect(mainContainer(find(r, 'Deployment', 'db')).image).toBe('postgres:16.4');
  });
});

describe('built images', () => {
  const compose = 'name: track\nservices:\n  web:\n    build: .\n    image: getsentry/web:24.1\n';
  test('build: + image: with --image-registry: REGISTRY/<path of image:>:<tag>', () => {
    const r = compileText(compose, { imageRegistry: 'registry.example.com/team' });
    expect(mainContainer(find(r, 'Deployment', 'web')).image).toBe('registry.example.com/team/getsentry/web:24.1');
    const t = compileText(compose, { imageRegistry: 'registry.example.com/team', imageTag: 'abc123' });
    expect(mainContainer(find(t, 'Deployment', 'web')).image).toBe('registry.example.com/team/getsentry/web:abc123');
  });

  test.each(['never', 'build'])('pull_policy: %s becomes IfNotPresent with an unpushed-image item, never Never', (policy) => {
    const r = compileText(`name: track\nservices:\n  web:\n    image: acme/web:1.0\n    pull_policy: ${policy}\n`);
    expect(mainContainer(find(r, 'Deployment', 'web')).imagePullPolicy).toBe('IfNotPresent');
    expect(r.warnings.some((w: Any) => w.code === 'unpushed-image' && w.path === 'services.web.pull_policy')).toBe(true);
    expect(JSON.stringify(r.objects)).not.toContain('"Never"');
  });
});
