#!/usr/bin/python3
"""Where the service's CPU time goes, from a JFR recording (bench/run.sh with BENCH_SERVICE_OPTS, see README).

Reads `jfr print --events jdk.ExecutionSample --stack-depth 64` and prints the share of samples whose stack
contains each category (inclusive; a sample counts once per category) and the top frames (exclusive).
Usage: bench/jfr-top.py target/bench/service.jfr
"""
import collections
import os
import re
import subprocess
import sys

WORK = re.compile(r'org\.apache\.coyote|com\.offloadnic\.crypto\.CryptoPool')
JFR = os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'jfr')
CATEGORIES = [
    ('AES-GCM (JCE)', re.compile(r'com\.sun\.crypto\.provider\.(GaloisCounterMode|GHASH|GCTR|AES)')),
    ('crypto pool task (ipsec send/receive)', re.compile(r'com\.offloadnic\.ipsec\.')),
    ('CBOR/JSON decode (Jackson read)', re.compile(r'tools\.jackson\..*(Deserializer|Parser|readValue|_read)')),
    ('CBOR/JSON encode (Jackson write)', re.compile(r'tools\.jackson\..*(Serializer|Generator|writeValue)')),
    ('Tomcat / socket I/O', re.compile(r'org\.apache\.(tomcat|coyote|catalina)|sun\.nio\.ch')),
    ('Spring MVC dispatch', re.compile(r'org\.springframework\.web')),
    ('controller + NIC (api/nic)', re.compile(r'com\.offloadnic\.(api|nic)\.')),
]


def main(path):
    out = subprocess.run([JFR, 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '64', path],
                         capture_output=True, text=True, check=True).stdout
    samples = out.split('jdk.ExecutionSample')
    total = 0
    inclusive = collections.Counter()
    top = collections.Counter()
    for s in samples[1:]:
        frames = re.findall(r'^\s+([\w.$<>]+\.[\w$<>]+)\(', s, re.M)
        if not frames:
            continue
        stack = '\n'.join(frames)
        # only request handling and crypto workers: start-up, JIT and GC threads are not the send path
        if not WORK.search(stack):
            continue
        total += 1
        top[frames[0]] += 1
        for name, pattern in CATEGORIES:
            if pattern.search(stack):
                inclusive[name] += 1
    print('%d execution samples in request handling and crypto workers' % total)
    for name, _ in CATEGORIES:
        print('%6.1f %%  %s' % (100.0 * inclusive[name] / max(1, total), name))
    print('top frames:')
    for frame, n in top.most_common(15):
        print('%6.1f %%  %s' % (100.0 * n / max(1, total), frame))


main(sys.argv[1])
