{{/* Chart name, truncated for label values. */}}
{{- define "kubectl-batch-webhook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's objects. Truncated to 52 characters so that the longest derived name
(<fullname>-selfsigned) stays a valid label value and the Service name a valid DNS label.
*/}}
{{- define "kubectl-batch-webhook.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kubectl-batch-webhook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubectl-batch-webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubectl-batch-webhook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kubectl-batch-webhook.labels" -}}
helm.sh/chart: {{ include "kubectl-batch-webhook.chart" . }}
{{ include "kubectl-batch-webhook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/part-of: kubectl-batch
{{- end }}

{{- define "kubectl-batch-webhook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubectl-batch-webhook.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kubectl-batch-webhook.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* True (non-empty) when the chart runs the webhook server: no external webhook.url. */}}
{{- define "kubectl-batch-webhook.inCluster" -}}
{{- if not .Values.webhook.url }}true{{ end }}
{{- end }}

{{/* Secret holding the serving certificate (tls.crt, tls.key, ca.crt). */}}
{{- define "kubectl-batch-webhook.tlsSecretName" -}}
{{- printf "%s-tls" (include "kubectl-batch-webhook.fullname" .) }}
{{- end }}

{{/* DNS names of the Service, the serving certificate's SANs. */}}
{{- define "kubectl-batch-webhook.dnsNames" -}}
{{- $svc := include "kubectl-batch-webhook.fullname" . }}
{{- list (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.cluster.local" $svc .Release.Namespace) | toJson }}
{{- end }}

{{/* Checks of combinations the schema cannot express. */}}
{{- define "kubectl-batch-webhook.validate" -}}
{{- if and .Values.webhook.url .Values.certManager.enabled }}
{{- fail "webhook.url (an externally managed webhook) and certManager.enabled exclude each other: the chart issues no certificate for an external server; give its CA in webhook.caBundle" }}
{{- end }}
{{- if .Values.webhook.url }}
{{- if not (contains "-----BEGIN CERTIFICATE-----" (b64dec .Values.webhook.caBundle)) }}
{{- fail "webhook.caBundle must be the base64 encoding of a PEM CA certificate (-----BEGIN CERTIFICATE-----), e.g. $(base64 -w0 ca.crt)" }}
{{- end }}
{{- end }}
{{- if and .Values.certManager.enabled .Values.certManager.issuerRef (not .Values.certManager.issuerRef.name) }}
{{- fail "certManager.issuerRef needs a name (and kind Issuer or ClusterIssuer), or leave it empty to let the chart create a CA issuer" }}
{{- end }}
{{- if and (ne .Values.podAntiAffinity "none") .Values.affinity.podAntiAffinity }}
{{- fail "set either podAntiAffinity (soft or hard) or affinity.podAntiAffinity, not both" }}
{{- end }}
{{- end }}
