{{/* Name of the chart, or nameOverride. */}}
{{- define "vpc-ipam-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: fullnameOverride, or <release>-<name>, or the release name when it
already contains the name. At most 52 characters, so that "-leader-election" still fits 63.
*/}}
{{- define "vpc-ipam-operator.fullname" -}}
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

{{- define "vpc-ipam-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "vpc-ipam-operator.labels" -}}
helm.sh/chart: {{ include "vpc-ipam-operator.chart" . }}
{{ include "vpc-ipam-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: vpc-ipam-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels selecting the operator pods (Deployment, Service, PodDisruptionBudget, spread constraints). */}}
{{- define "vpc-ipam-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vpc-ipam-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "vpc-ipam-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vpc-ipam-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "vpc-ipam-operator.leaseName" -}}
{{- default (include "vpc-ipam-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* repository:tag, or repository@digest when a digest is given. */}}
{{- define "vpc-ipam-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* True (non-empty) when RRSA is configured with an explicit role ARN: the chart mounts the token itself. */}}
{{- define "vpc-ipam-operator.rrsaExplicit" -}}
{{- if and .Values.credentials.rrsa.enabled .Values.credentials.rrsa.roleArn }}true{{ end }}
{{- end }}

{{/* Rules between values that the schema cannot express; fails the render with a clear message. */}}
{{- define "vpc-ipam-operator.validate" -}}
{{- $v := .Values }}
{{- if and (gt (int $v.replicaCount) 1) (not $v.leaderElection.enabled) }}
{{- fail "replicaCount > 1 requires leaderElection.enabled=true: without leader election every replica would reconcile" }}
{{- end }}
{{- if and $v.credentials.existingSecret.name $v.credentials.rrsa.enabled }}
{{- fail "credentials.existingSecret.name and credentials.rrsa.enabled are mutually exclusive: choose one source of cloud credentials" }}
{{- end }}
{{- if $v.credentials.rrsa.enabled }}
{{- $r := $v.credentials.rrsa }}
{{- if and $r.roleName (or $r.roleArn $r.oidcProviderArn) }}
{{- fail "credentials.rrsa: give either roleName (ack-pod-identity-webhook) or roleArn and oidcProviderArn, not both" }}
{{- end }}
{{- if not (or $r.roleName (and $r.roleArn $r.oidcProviderArn)) }}
{{- fail "credentials.rrsa.enabled needs credentials.rrsa.roleName, or both credentials.rrsa.roleArn and credentials.rrsa.oidcProviderArn" }}
{{- end }}
{{- if and $r.roleName (not $v.serviceAccount.create) }}
{{- fail "credentials.rrsa.roleName annotates the service account the chart creates: with serviceAccount.create=false annotate your own service account and leave roleName empty" }}
{{- end }}
{{- end }}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.service.enabled) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.service.enabled=true: the ServiceMonitor scrapes that Service" }}
{{- end }}
{{- if ne (len $v.watchNamespaces) (len (uniq $v.watchNamespaces)) }}
{{- fail "watchNamespaces lists a namespace twice" }}
{{- end }}
{{- end }}
