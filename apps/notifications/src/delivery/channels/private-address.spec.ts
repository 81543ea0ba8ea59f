import { isPrivateAddress, targetsPrivateNetwork } from './private-address';

describe('private webhook targets', () => {
  it('recognises loopback, private, link-local and CGNAT addresses, v4 and v6', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '195.158.1.1', '2a00:1450::1']) expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  });

  it('checks the host of a URL, including localhost names', async () => {
    expect(await targetsPrivateNetwork('http://127.0.0.1:8080/x')).toBe(true);
    expect(await targetsPrivateNetwork('http://localhost/x')).toBe(true);
    expect(await targetsPrivateNetwork('http://[::1]/x')).toBe(true);
    expect(await targetsPrivateNetwork('https://8.8.8.8/hook')).toBe(false);
  });
});
