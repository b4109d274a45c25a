#!/usr/bin/python3
"""The RFC 7208 test suite shipped with pyspf (Debian python3-spf), for the SPF interop test.

export SUITE.yml.gz      -> JSON: [{"zone": {name: [[type, value], ...]}, "tests": {id: {...}}}, ...]
                            with the suite's own rule applied: SPF-type records are served as TXT
                            where a name has no TXT record (testspf.py's getrdata)
check HOST:PORT          -> reads one JSON test per line ({"host","mailfrom","helo"}) and prints
                            pyspf's result for each, its DNS queries sent to HOST:PORT
"""
import gzip
import json
import sys


def export(path):
    import yaml
    scenarios = []
    with gzip.open(path, 'rb') as f:
        for scenario in yaml.safe_load_all(f):
            zone = {}
            for name, records in scenario['zonedata'].items():
                out, spf, has_txt = [], [], False
                for record in records:
                    if record == 'TIMEOUT':
                        out.append(['TIMEOUT', None])
                        continue
                    for rtype, value in record.items():
                        if rtype in ('TXT', 'SPF') and isinstance(value, str):
                            value = [value]
                        if rtype == 'TXT':
                            has_txt = True
                        elif rtype == 'SPF':
                            spf.append(value)
                            continue
                        if value != ['NONE']:
                            out.append([rtype, value])
                if not has_txt:
                    out.extend(['TXT', v] for v in spf if v != ['NONE'])
                zone[name] = out
            tests = {}
            for test_id, test in scenario['tests'].items():
                result = test['result']
                tests[test_id] = {'host': test['host'], 'mailfrom': test.get('mailfrom', ''),
                                  'helo': test.get('helo', ''),
                                  'result': result if isinstance(result, list) else [result],
                                  'spec': str(test.get('spec', ''))}
            scenarios.append({'zone': zone, 'tests': tests})
    json.dump(scenarios, sys.stdout)


def check(server):
    import dns.resolver
    import spf
    host, port = server.rsplit(':', 1)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port)
    resolver.lifetime = 2
    dns.resolver.default_resolver = resolver
    for line in sys.stdin:
        test = json.loads(line)
        result, _code, _explanation = spf.check(i=test['host'], s=test['mailfrom'], h=test['helo'])
        print(result, flush=True)


if __name__ == '__main__':
    export(sys.argv[2]) if sys.argv[1] == 'export' else check(sys.argv[2])
