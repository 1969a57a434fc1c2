import * as path from 'path';
import { normalizeProjectName } from '../../src/compose/project-name';
import { enabledProfiles } from '../../src/compose/merge';
import { errors, load } from './helpers';

const PROFILED = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '  debug:',
  '    image: busybox:1.36',
  '    profiles: [debug]',
  '  tools:',
  '    image: busybox:1.36',
  '    profiles: [tools, ops]',
  '',
].join('\n');

describe('profiles', () => {
  test('services with profiles are active only when one of them is enabled', () => {
    const names = (options = {}) => Object.keys(load({ 'compose.yaml': PROFILED }, options).project.services);
    expect(names()).toEqual(['web']);
    expect(names({ profiles: ['debug'] })).toEqual(['debug', 'web']);
    expect(names({ environment: { COMPOSE_PROFILES: 'ops, debug' } })).toEqual(['debug', 'tools', 'web']);
    expect(names({ profiles: ['ops'], environment: { COMPOSE_PROFILES: 'debug' } })).toEqual(['tools', 'web']);
    expect(names({ profiles: ['*'] })).toEqual(['debug', 'tools', 'web']);
  });

  test('the option wins over COMPOSE_PROFILES', () => {
    expect([...enabledProfiles(['a'], 'b,c')]).toEqual(['a']);
    expect([...enabledProfiles([], ' b, ,c ')]).toEqual(['b', 'c']);
    expect([...enabledProfiles(undefined, undefined)]).toEqual([]);
  });

  test('a required dependency on an inactive service is an error', () => {
    expect(errors({ 'compose.yaml': PROFILED.replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    depends_on: [debug]\n') })).toEqual([
      'error: compose.yaml: services.web.depends_on.debug: service "debug" is not enabled (profiles: debug); enable one of its profiles with --profile or COMPOSE_PROFILES, or set "required: false"',
    ]);
  });

  test('an optional dependency on an inactive service is dropped with a warning', () => {
    const { project, warnings } = load({
      'compose.yaml': PROFILED.replace(
        '    image: nginx:1.27\n',
        '    image: nginx:1.27\n    depends_on:\n      debug:\n        condition: service_started\n        required: false\n',
      ),
    });
    expect(project.services.web.dependsOn).toEqual({});
    expect(warnings).toEqual([
      'warning: compose.yaml: services.web.depends_on.debug: dependency on service "debug" is dropped: it is not enabled (profiles: debug)',
    ]);
  });
});

describe('project name', () => {
  const files = { 'compose.yaml': 'name: From_File\nservices: {}\n' };

  test('-p > COMPOSE_PROJECT_NAME > name: > directory', () => {
    expect(load(files, { projectName: 'cli', environment: { COMPOSE_PROJECT_NAME: 'env' } }).project.name).toBe('cli');
    expect(load(files, { environment: { COMPOSE_PROJECT_NAME: 'env' } }).project.name).toBe('env');
    expect(load({ ...files, '.env': 'COMPOSE_PROJECT_NAME=dotenv\n' }).project.name).toBe('dotenv');
    const fromFile = load(files);
    expect(fromFile.project.name).toBe('from_file');
    expect(fromFile.warnings).toEqual(['warning: compose.yaml: name: project name "From_File" is normalized to "from_file"']);
    const { project, dir } = load({ 'My App/compose.yaml': 'services: {}\n' }, { files: ['My App/compose.yaml'] });
    expect(project.name).toBe('myapp');
    expect(project.workingDir).toBe(path.join(dir, 'My App'));
  });

  test('normalization as compose does it', () => {
    expect(normalizeProjectName('My.Project-1_x')).toBe('myproject-1_x');
    expect(normalizeProjectName('__-abc')).toBe('abc');
    expect(normalizeProjectName('!!!')).toBe('');
  });

  test('a name that normalizes to nothing is an error', () => {
    expect(errors({ 'compose.yaml': 'name: "!!!"\nservices: {}\n' })).toEqual([
      'error: compose.yaml: name: invalid project name "!!!"; expected lowercase letters, digits, "_" and "-", starting with a letter or a digit',
    ]);
    expect(errors(files, { projectName: '--' })).toEqual([
      'error: invalid project name (-p) "--"; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (docker compose refuses it too)',
    ]);
  });

  test('-p and COMPOSE_PROJECT_NAME are refused unless already normal, as compose refuses them; name: is normalized', () => {
    expect(errors(files, { projectName: 'My App' })).toEqual([
      'error: invalid project name (-p) "My App"; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (docker compose refuses it too); e.g. "myapp"',
    ]);
    expect(errors(files, { environment: { COMPOSE_PROJECT_NAME: 'Shop' } })).toEqual([
      'error: invalid COMPOSE_PROJECT_NAME "Shop"; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (docker compose refuses it too); e.g. "shop"',
    ]);
    expect(errors({ ...files, '.env': 'COMPOSE_PROJECT_NAME=_shop\n' })).toHaveLength(1);
    expect(load(files, { projectName: 'my_app-2' }).project.name).toBe('my_app-2');
  });
});
