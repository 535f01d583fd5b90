package fastyaml

// corpus holds realistic Kubernetes manifests (one document each, no "---") that must all be
// parsed on the fast path and match yaml.v3 exactly.
var corpus = map[string]string{
	"job-basic": `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
  namespace: default
spec:
  backoffLimit: 4
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
`,

	"cronjob": benchCronJob,

	"cronjob-comments": `# A nightly report.
# Owned by the data team.
apiVersion: batch/v1   # stable API
kind: CronJob
metadata:
  name: nightly-report # trailing comment
  labels:
    app.kubernetes.io/name: report
    app.kubernetes.io/part-of: analytics

    # blank line above, comment here
    tier: "batch"
spec:
  schedule: "0 3 * * *"  # 03:00 UTC
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 300
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  suspend: false
  jobTemplate:
    spec:
      # retries
      backoffLimit: 2
      activeDeadlineSeconds: 3600
      ttlSecondsAfterFinished: 86400
      template:
        metadata:
          annotations:
            sidecar.istio.io/inject: "false"
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/analytics/report:1.4.2
              args:
                - --date=yesterday
                - --output=s3://bucket/reports/
                - "--verbose"
              resources:
                requests: {cpu: 500m, memory: 256Mi}
                limits:
                  cpu: "1"
                  memory: 1Gi
# footer comment
`,

	"deployment-env": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: frontend}
spec:
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
          protocol: TCP
          name: http
        env:
        - name: LOG_LEVEL
          value: debug
        - name: WORKERS
          value: "4"
        - name: ENABLE_FEATURE
          value: 'true'
        - name: EMPTY
          value: ""
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db
              key: password
              optional: false
        readinessProbe:
          httpGet:
            path: /healthz
            port: 80
          initialDelaySeconds: 5
          periodSeconds: 10
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 250m
            memory: 256Mi
`,

	"job-script": `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: postgres:16
        command:
        - /bin/sh
        - -c
        - |
          set -euo pipefail
          echo "starting migration"

          for f in /migrations/*.sql; do
            psql "$DATABASE_URL" -f "$f"   # apply
          done
          echo 'done'
        env:
        - name: DATABASE_URL
          value: postgres://user@db:5432/app?sslmode=disable
`,

	"job-folded": `apiVersion: batch/v1
kind: Job
metadata:
  name: folded
  annotations:
    description: >
      This job does a thing
      and then another thing.

      It is described in two paragraphs.
    short: >-
      one
      two
    kept: |+
      keep trailing

    stripped: |-
      no trailing newline
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        args: [sh, -c, "echo hi"]
`,

	"annotations-urls": `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  annotations:
    docs: https://example.com/runbooks/backup#restore
    link.example.com/dashboard: http://grafana.local:3000/d/abc?orgId=1&from=now-6h
    json-config: '{"retries": 3, "targets": ["a", "b"]}'
    escaped: "line1\nline2\ttabbed \"quoted\" \\ backslash \u00e9"
    single: 'it''s fine'
    colon-value: a:b:c
    brackets: foo[0].bar{baz}
    comma: a, b, c
    hash-inside: issue#42
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"backup"}}
spec:
  schedule: '@daily'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: "ghcr.io/example/backup@sha256:0123456789abcdef"
            args: ['--bucket', "s3://backups", --compress]
`,

	"empty-maps": `apiVersion: batch/v1
kind: Job
metadata:
  name: empty
  labels: {}
  annotations:
spec:
  selector:
  template:
    metadata: {}
    spec:
      volumes: []
      nodeSelector: {}
      tolerations: [ ]
      containers:
      - name: c
        image: busybox
        securityContext: {}
        volumeMounts: []
      restartPolicy: Never
`,

	"types": `apiVersion: batch/v1
kind: Job
metadata:
  name: types
  annotations:
    int: 42
    negative: -17
    plus: +1
    zero: 0
    neg-zero: -0
    octal-old: 0777
    octal-new: 0o17
    hex: 0x1F
    binary: 0b101
    underscore: 1_000
    float: 3.14
    exp: 1e3
    neg-float: -0.5
    dot-float: .5
    inf: .inf
    neg-inf: -.Inf
    nan: .NaN
    bool-true: true
    bool-cap: True
    bool-upper: FALSE
    yes: yes
    no: no
    on: on
    null-word: null
    tilde: ~
    Null: Null
    date: 2001-12-14
    datetime: 2001-12-14T21:59:43.10Z
    version: 1.2.3
    quantity: 500m
    big: 123456789012345678901234567890
    dashes: --
    dash-word: -x
spec:
  parallelism: 2
  completions: 10
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
`,

	"list": `apiVersion: v1
kind: List
items:
- apiVersion: batch/v1
  kind: Job
  metadata:
    name: a
  spec:
    template:
      spec:
        containers:
        - {name: a, image: busybox}
        restartPolicy: Never
- apiVersion: batch/v1
  kind: Job
  metadata:
    name: b
  spec:
    template:
      spec:
        containers:
        - name: b
          image: busybox
        restartPolicy: Never
`,

	"indented-root": `  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: cfg
  data:
    key: value
`,

	"configmap-files": `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  app.properties: |
    server.port=8080
    # a comment inside the file
    feature.flag = true

  nginx.conf: |-
      server {
        listen 80;
        location / {
          proxy_pass http://backend:8080;
        }
      }
  empty.txt: ""
  motd: "Welcome! \U0001F600"
  unicode: héllo wörld ✓
`,

	"secret": `apiVersion: v1
kind: Secret
metadata:
  name: creds
type: Opaque
stringData:
  username: admin
  password: "p@ss:w0rd#1"
  token: 'a b  c'
data:
  key: dGhpcyBpcyBhIHRlc3Q=
`,

	"job-indexed-affinity": `apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
  labels:
    team: ml
spec:
  completions: 5
  parallelism: 5
  completionMode: Indexed
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
  template:
    spec:
      restartPolicy: Never
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: kubernetes.io/arch
                operator: In
                values:
                - amd64
                - arm64
      tolerations:
      - key: "gpu"
        operator: "Exists"
        effect: "NoSchedule"
      containers:
      - name: main
        image: "python:3.12"
        command: ["python", "-c"]
        args:
        - |
          import os
          print("index", os.environ["JOB_COMPLETION_INDEX"])
        resources:
          limits:
            nvidia.com/gpu: 1
`,

	"sequence-root": `- name: a
  value: 1
- name: b
  value:
    nested: true
-
  name: c
- plain item
- "quoted item"
- [1, 2, 3]
-
`,

	"cronjob-v1beta1": `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: legacy
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`,

	"service-account-rbac": `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: job-runner
  namespace: batch
rules:
- apiGroups: ["batch"]
  resources: ["jobs", "cronjobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
- apiGroups: [""]
  resources:
    - pods
    - pods/log
  verbs:
    - get
`,

	"odd-spacing": `apiVersion:    batch/v1
kind: Job
metadata:
    name:   spaced
    labels  :
        a: b
spec:
    template:
        spec:
            containers:
            -   name: c
                image: busybox
                args:
                -   one
                -    "two"
            restartPolicy: Never
`,

	"no-trailing-newline": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n        command: |\n          echo hi",
}

// benchCronJob is a typical ~40-line CronJob, used by the benchmarks.
const benchCronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
  namespace: ops
  labels:
    app: cleanup
    team: platform
  annotations:
    owner: "platform@example.com"
    runbook: https://wiki.example.com/runbooks/cleanup
spec:
  schedule: "*/15 * * * *"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  startingDeadlineSeconds: 120
  jobTemplate:
    spec:
      backoffLimit: 2
      activeDeadlineSeconds: 600
      template:
        metadata:
          labels:
            app: cleanup
        spec:
          restartPolicy: OnFailure
          serviceAccountName: cleanup
          containers:
          - name: cleanup
            image: registry.example.com/ops/cleanup:2.3.1
            imagePullPolicy: IfNotPresent
            args: ["--older-than=72h", "--dry-run=false"]
            env:
            - name: LOG_LEVEL
              value: info
            - name: MAX_DELETE
              value: "500"
            resources:
              requests:
                cpu: 100m
                memory: 64Mi
              limits:
                memory: 128Mi
`
