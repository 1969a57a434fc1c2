/** Legacy and malformed input: a Compose file format v1 file, malformed short syntaxes. */
import { errors, service } from './helpers';

test('a v1 file (services at the top level) gets one error that shows how to wrap it', () => {
  expect(errors({ 'compose.yaml': 'web:\n  image: nginx:1.27\n  links: [db]\ndb:\n  image: postgres:16\n' })).toEqual([
    'error: compose.yaml: the file uses the Compose file format v1 (services at the top level: "db", "web"), which Compose no longer reads; wrap them under "services:": add a line "services:" at the top and indent every service by two spaces ("db:" becomes "  db:")',
  ]);
});

test('a file with services: and an unknown top-level key is not v1', () => {
  expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\nvolume:\n  data: {}\n' })).toEqual([
    'error: compose.yaml: unknown key "volume"; did you mean "volumes"?',
  ]);
});

test('malformed short port syntax names the expected forms', () => {
  const web = (ports: string) => errors({ 'compose.yaml': `name: t\nservices:\n  web:\n    image: nginx:1.27\n    ports: ${ports}\n` });
  expect(web('["80:80:80", "1.2.3:80:80", "a:b"]')).toEqual([
    'error: compose.yaml: services.web.ports[0]: invalid port "80:80:80": "80" is not an IP address; expected CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER (like "80", "8080:80" or "127.0.0.1:8080:80")',
    'error: compose.yaml: services.web.ports[1]: invalid port "1.2.3:80:80": "1.2.3" is not an IP address; expected CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER (like "80", "8080:80" or "127.0.0.1:8080:80")',
    'error: compose.yaml: services.web.ports[2]: invalid port "a:b"; expected a port like "8080", "8080:80" or "127.0.0.1:8080:80/udp" with port numbers from 1 to 65535',
  ]);
});

test('an empty host IP is accepted, as compose does; IPv4 and IPv6 addresses too', () => {
  const s = service('name: t\nservices:\n  web:\n    image: nginx:1.27\n    ports: [":2283:2283", "127.0.0.1:80:80", "[::1]:81:81"]\n', 'web');
  expect(s.ports).toEqual([
    { target: 2283, published: 2283, protocol: 'tcp' },
    { target: 80, published: 80, hostIp: '127.0.0.1', protocol: 'tcp' },
    { target: 81, published: 81, hostIp: '::1', protocol: 'tcp' },
  ]);
});

test('malformed short device syntax names the expected forms; CDI names parse', () => {
  const expected =
    'expected HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]] with absolute paths and permissions of r, w and m, like "/dev/ttyUSB0" or "/dev/sda:/dev/xvda:rwm", or a CDI name like "vendor.com/class=name"';
  expect(errors({ 'compose.yaml': 'name: t\nservices:\n  web:\n    image: nginx:1.27\n    devices: ["/dev/a:/dev/b:rwx", "dev/tty", "/dev/a:/dev/c:r:w"]\n' })).toEqual([
    `error: compose.yaml: services.web.devices[0]: invalid device "/dev/a:/dev/b:rwx"; ${expected}`,
    `error: compose.yaml: services.web.devices[1]: invalid device "dev/tty"; ${expected}`,
    `error: compose.yaml: services.web.devices[2]: invalid device "/dev/a:/dev/c:r:w"; ${expected}`,
  ]);
  expect(service('name: t\nservices:\n  web:\n    image: nginx:1.27\n    devices: ["nvidia.com/gpu=all", "/dev/sda:/dev/xvda:rwm"]\n', 'web').devices).toEqual(['nvidia.com/gpu=all', '/dev/sda:/dev/xvda:rwm']);
});

test('malformed short volume syntax names the expected forms', () => {
  expect(errors({ 'compose.yaml': 'name: t\nservices:\n  web:\n    image: nginx:1.27\n    volumes: ["./a:/b:ro:extra", "data:"]\n' })).toEqual([
    'error: compose.yaml: services.web.volumes[0]: invalid volume "./a:/b:ro:extra"; expected [SOURCE:]TARGET[:ro] with an absolute TARGET path, like "data:/var/lib/data" or "./conf:/etc/app:ro"',
    'error: compose.yaml: services.web.volumes[1]: invalid volume "data:"; expected [SOURCE:]TARGET[:ro] with an absolute TARGET path, like "data:/var/lib/data" or "./conf:/etc/app:ro"',
  ]);
});
