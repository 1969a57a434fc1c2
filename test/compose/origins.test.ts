import { Origins } from '../../src/compose/merge';

describe('Origins: which file wrote each part of the merged tree', () => {
  it('answers the only file for every path of a one-file project', () => {
    const o = new Origins('compose.yaml');
    o.setIfAbsent('services.web', 'compose.yaml');
    o.set('services.web.image', 'compose.yaml');
    expect(o.fileOf('services.web.image')).toBe('compose.yaml');
    expect(o.fileOf('services.web.ports[0]')).toBe('compose.yaml');
    expect(o.fileOf('volumes.data')).toBe('compose.yaml');
  });

  it('keeps what the first file recorded when a second file records more', () => {
    const o = new Origins('compose.yaml');
    o.setIfAbsent('services.web', 'compose.yaml');
    o.set('services.web.image', 'compose.yaml');
    o.set('services.web.ports', 'compose.yaml');
    // Asked before the second file: the answer must not stick once it records.
    expect(o.fileOf('services.web.ports[0]')).toBe('compose.yaml');
    o.setIfAbsent('services.web', 'override.yaml');
    o.setIfAbsent('services.db', 'override.yaml');
    o.set('services.web.ports', 'override.yaml');
    o.set('name', 'override.yaml');
    o.setIfAbsent('services.web.image', 'override.yaml');
    expect(o.fileOf('services.web.image')).toBe('compose.yaml');
    expect(o.fileOf('services.web.user')).toBe('compose.yaml');
    expect(o.fileOf('services.web.ports[0]')).toBe('override.yaml');
    expect(o.fileOf('services.db.image')).toBe('override.yaml');
    expect(o.fileOf('name')).toBe('override.yaml');
    expect(o.fileOf('volumes.data')).toBe('compose.yaml');
  });

  it('copies the records of an included project, one file or several', () => {
    const inner = new Origins('inc/compose.yaml');
    inner.setIfAbsent('services.api', 'inc/compose.yaml');
    inner.set('services.api.image', 'inc/compose.yaml');
    const other = new Origins('other/compose.yaml');
    other.setIfAbsent('services.job', 'other/compose.yaml');
    other.set('services.job.image', 'other/base.yaml');
    const o = new Origins('compose.yaml');
    o.set('services.web.image', 'compose.yaml');
    o.copyFrom(inner, 'services.api');
    o.copyFrom(other, 'services.job');
    expect(o.fileOf('services.web.image')).toBe('compose.yaml');
    expect(o.fileOf('services.api.ports')).toBe('inc/compose.yaml');
    expect(o.fileOf('services.job.image')).toBe('other/base.yaml');
    expect(o.fileOf('services.job.user')).toBe('other/compose.yaml');
  });

  it('setEach records every key under a prefix, in order, whether it waits for a second file or not', () => {
    const o = new Origins('compose.yaml');
    o.set('services.web.ports', 'compose.yaml');
    o.setEach('services.web.', new Map([['image', 'compose.yaml'], ['environment.A', 'compose.yaml']]));
    expect(o.fileOf('services.web.environment.A')).toBe('compose.yaml');
    // A second file: the waiting records go to the table, as set would have made them.
    o.set('services.web.ports', 'override.yaml');
    o.setIfAbsent('services.web.image', 'override.yaml');
    o.setEach('services.web.', new Map([['user', 'base.yaml'], ['environment.B', 'compose.yaml']]));
    o.setIfAbsent('services.web.environment.A', 'override.yaml');
    o.setIfAbsent('services.web', 'override.yaml');
    expect(o.fileOf('services.web.image')).toBe('compose.yaml');
    expect(o.fileOf('services.web.environment.A')).toBe('compose.yaml');
    expect(o.fileOf('services.web.environment.B')).toBe('compose.yaml');
    expect(o.fileOf('services.web.user')).toBe('base.yaml');
    expect(o.fileOf('services.web.ports[0]')).toBe('override.yaml');
    expect(o.fileOf('services.web.cap_add')).toBe('override.yaml');
  });
});
