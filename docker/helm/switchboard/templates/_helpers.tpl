{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart, or the release alone when it already contains the chart's name. */}}
{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "switchboard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ include "switchboard.chart" . }}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: switchboard
{{- end }}

{{/* Selector labels of one component (api, postgresql, redis, hello-agent): pass (list . "api"). */}}
{{- define "switchboard.selectorLabels" -}}
{{- $ctx := index . 0 -}}
app.kubernetes.io/name: {{ include "switchboard.name" $ctx }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the API reads its secrets from: the user's, or the chart's. */}}
{{- define "switchboard.secretName" -}}
{{- default (include "switchboard.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "switchboard.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "switchboard.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.redis.fullname" -}}
{{- printf "%s-redis" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.helloAgent.fullname" -}}
{{- printf "%s-hello-agent" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Refuse values the API cannot run with, at render time rather than in a crash loop: a database is needed
(without DATABASE_URL the API would start an embedded database writing into its read-only filesystem), and
the three secrets when the chart makes the Secret.
*/}}
{{- define "switchboard.validate" -}}
{{- if and (not .Values.database.url) (not .Values.postgresql.enabled) (not .Values.secrets.existingSecret) }}
{{- fail "a database is required: set database.url, or postgresql.enabled=true, or secrets.existingSecret holding DATABASE_URL" }}
{{- end }}
{{- if and .Values.database.url .Values.postgresql.enabled }}
{{- fail "set either database.url or postgresql.enabled, not both" }}
{{- end }}
{{- if and .Values.redis.url .Values.redis.enabled }}
{{- fail "set either redis.url or redis.enabled, not both" }}
{{- end }}
{{- if not .Values.secrets.existingSecret }}
{{- $_ := required "secrets.adminPassword is required (or secrets.existingSecret): production refuses the default" .Values.secrets.adminPassword }}
{{- if lt (len (required "secrets.jwtSecret is required (or secrets.existingSecret)" .Values.secrets.jwtSecret)) 16 }}
{{- fail "secrets.jwtSecret must be at least 16 characters" }}
{{- end }}
{{- if lt (len (required "secrets.encryptionKey is required (or secrets.existingSecret)" .Values.secrets.encryptionKey)) 32 }}
{{- fail "secrets.encryptionKey must be at least 32 characters" }}
{{- end }}
{{- end }}
{{- if .Values.postgresql.enabled }}
{{- $_ := required "postgresql.auth.password is required when postgresql.enabled" .Values.postgresql.auth.password }}
{{- end }}
{{- if and (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) (not .Values.redis.url) (not .Values.redis.enabled) (not .Values.secrets.existingSecret) }}
{{- fail "several replicas need Redis: set redis.url or redis.enabled=true (or REDIS_URL in secrets.existingSecret)" }}
{{- end }}
{{- end }}
