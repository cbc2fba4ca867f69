{{/* Chart name, at most 63 characters. */}}
{{- define "shipproof.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name: the release name, plus the chart name unless it already contains it. */}}
{{- define "shipproof.fullname" -}}
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

{{- define "shipproof.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shipproof.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "shipproof.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "shipproof.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "shipproof.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "shipproof.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image by digest when one is given: a tag is a label, a digest is the release. */}}
{{- define "shipproof.image" -}}
{{- with .Values.image.digest }}
{{- if not (regexMatch "^sha256:[a-f0-9]{64}$" .) }}
{{- fail (printf "image.digest must be sha256:<64 lowercase hex>, got %q" .) }}
{{- end }}
{{- printf "%s@%s" $.Values.image.repository . }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Rules the operator needs in every namespace it watches. Secrets and ConfigMaps are read one by
name (get), never listed or watched: the operator reads only the ones an Environment names.
*/}}
{{- define "shipproof.watchRules" -}}
- apiGroups: ["shipproof.dev"]
  resources: ["promotions", "environments"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["shipproof.dev"]
  resources: ["promotions/status", "environments/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  {{- with .Values.rbac.secretNames }}
  resourceNames: {{ toJson . }}
  {{- end }}
  verbs: ["get"]
- apiGroups: [""]
  resources: ["configmaps"]
  {{- with .Values.rbac.configMapNames }}
  resourceNames: {{ toJson . }}
  {{- end }}
  verbs: ["get"]
{{- include "shipproof.syncRules" . }}
{{- end }}

{{/* Read access to the Argo CD / Flux objects that deploy an environment's branch. */}}
{{- define "shipproof.syncRules" -}}
{{- if .Values.rbac.sync.argocd }}
- apiGroups: ["argoproj.io"]
  resources: ["applications"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if .Values.rbac.sync.flux }}
- apiGroups: ["kustomize.toolkit.fluxcd.io"]
  resources: ["kustomizations"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["helm.toolkit.fluxcd.io"]
  resources: ["helmreleases"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- end }}
