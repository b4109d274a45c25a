{{/*
mail-platform.render: the documents of one manifest of deploy/k8s (files/k8s/...), adapted to the
values: the domain, the release namespace, images, replicas, the ConfigMap's entries, Strimzi's
client settings. Called with (list $ "files/k8s/base/x.yaml").
*/}}
{{- define "mail-platform.render" -}}
{{- $ := index . 0 -}}
{{- $file := index . 1 -}}
{{- $text := $.Files.Get $file -}}
{{- if not $text -}}
{{- fail (printf "%s is not in the chart: files/k8s must link to deploy/k8s" $file) -}}
{{- end -}}
{{- $text = $text | replace "example.test" $.Values.domain -}}
{{- $text = regexReplaceAll "image: mail-platform/([a-z0-9-]+):[^\\s]+" $text (printf "image: %smail-platform/${1}:%s" $.Values.images.registry $.Values.images.tag) -}}
{{- range $doc := regexSplit "(?m)^---[ \\t]*$" $text -1 }}
{{- $obj := fromYaml $doc }}
{{- if hasKey $obj "Error" }}
{{- fail (printf "%s: %s" $file (get $obj "Error")) }}
{{- end }}
{{- if and $obj.kind (not (and $.Values.operators.keda (eq $obj.kind "HorizontalPodAutoscaler") (eq $obj.metadata.name "queue-relay"))) }}
{{- include "mail-platform.adapt" (list $ $obj) }}
---
{{ toYaml $obj }}
{{- end }}
{{- end }}
{{- end -}}

{{/* mail-platform.adapt: changes one object in place (the kustomize overlays' patches, from values). */}}
{{- define "mail-platform.adapt" -}}
{{- $ := index . 0 -}}
{{- $obj := index . 1 -}}
{{- $_ := set $obj.metadata "namespace" $.Release.Namespace -}}
{{- $labels := default (dict) $obj.metadata.labels -}}
{{- $_ := set $labels "app.kubernetes.io/part-of" "mail-platform" -}}
{{- $_ := set $labels "app.kubernetes.io/managed-by" $.Release.Service -}}
{{- $_ := set $labels "helm.sh/chart" (printf "%s-%s" $.Chart.Name $.Chart.Version) -}}
{{- $_ := set $obj.metadata "labels" $labels -}}
{{- if eq $obj.kind "Deployment" -}}
{{- $podLabels := default (dict) $obj.spec.template.metadata.labels -}}
{{- $_ := set $podLabels "app.kubernetes.io/part-of" "mail-platform" -}}
{{- $_ := set $obj.spec.template.metadata "labels" $podLabels -}}
{{- if hasKey $.Values.replicas $obj.metadata.name -}}
{{- $_ := set $obj.spec "replicas" (index $.Values.replicas $obj.metadata.name) -}}
{{- end -}}
{{- if $.Values.operators.strimzi -}}
{{- include "mail-platform.strimziClient" (list $obj) -}}
{{- end -}}
{{- if and $.Values.operators.prometheus $obj.spec.template.metadata.annotations -}}
{{- /* the PodMonitors scrape instead (components/prometheus-operator) */ -}}
{{- $_ := unset $obj.spec.template.metadata.annotations "prometheus.io/scrape" -}}
{{- $_ := unset $obj.spec.template.metadata.annotations "prometheus.io/port" -}}
{{- $_ := unset $obj.spec.template.metadata.annotations "prometheus.io/path" -}}
{{- end -}}
{{- end -}}
{{- if and (eq $obj.kind "ConfigMap") (eq $obj.metadata.name "mail-config") -}}
{{- if $.Values.operators.strimzi -}}
{{- $_ := set $obj.data "KAFKA_BOOTSTRAP_SERVERS" "mail-kafka-kafka-bootstrap:9093" -}}
{{- end -}}
{{- if $.Values.operators.cloudnativePg -}}
{{- $_ := set $obj.data "QUARKUS_DATASOURCE_REACTIVE_URL" "postgresql://mail-db-rw:5432/mail" -}}
{{- $_ := set $obj.data "QUARKUS_DATASOURCE_JDBC_URL" "jdbc:postgresql://mail-db-rw:5432/mail" -}}
{{- end -}}
{{- range $key, $value := $.Values.config -}}
{{- $_ := set $obj.data $key (toString $value) -}}
{{- end -}}
{{- end -}}
{{- if and (eq $obj.kind "HorizontalPodAutoscaler") (eq $obj.metadata.name "queue-relay") -}}
{{- $_ := set $obj.spec "minReplicas" $.Values.queueRelay.minReplicas -}}
{{- $_ := set $obj.spec "maxReplicas" $.Values.queueRelay.maxReplicas -}}
{{- end -}}
{{- if and (eq $obj.kind "ScaledObject") (eq $obj.metadata.name "queue-relay") -}}
{{- $_ := set $obj.spec "minReplicaCount" $.Values.queueRelay.minReplicas -}}
{{- $_ := set $obj.spec "maxReplicaCount" $.Values.queueRelay.maxReplicas -}}
{{- if $.Values.operators.strimzi -}}
{{- range $trigger := $obj.spec.triggers -}}
{{- $_ := set $trigger.metadata "bootstrapServers" "mail-kafka-kafka-bootstrap:9093" -}}
{{- end -}}
{{- else if hasKey $.Values.config "KAFKA_BOOTSTRAP_SERVERS" -}}
{{- range $trigger := $obj.spec.triggers -}}
{{- $_ := set $trigger.metadata "bootstrapServers" (index $.Values.config "KAFKA_BOOTSTRAP_SERVERS") -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
mail-platform.strimziClient: what components/strimzi-kafka patches into each service's Deployment:
SCRAM-SHA-512 over TLS as the service's own KafkaUser, the cluster CA from Strimzi's secret.
*/}}
{{- define "mail-platform.strimziClient" -}}
{{- $obj := index . 0 -}}
{{- $name := $obj.metadata.name -}}
{{- $pod := $obj.spec.template.spec -}}
{{- $container := index $pod.containers 0 -}}
{{- $env := default (list) $container.env -}}
{{- $env = append $env (dict "name" "KAFKA_SECURITY_PROTOCOL" "value" "SASL_SSL") -}}
{{- $env = append $env (dict "name" "KAFKA_SASL_MECHANISM" "value" "SCRAM-SHA-512") -}}
{{- $env = append $env (dict "name" "KAFKA_SASL_JAAS_CONFIG" "valueFrom" (dict "secretKeyRef" (dict "name" $name "key" "sasl.jaas.config"))) -}}
{{- $env = append $env (dict "name" "KAFKA_SSL_TRUSTSTORE_TYPE" "value" "PEM") -}}
{{- $env = append $env (dict "name" "KAFKA_SSL_TRUSTSTORE_LOCATION" "value" "/kafka-ca/ca.crt") -}}
{{- $_ := set $container "env" $env -}}
{{- $volumes := default (list) $pod.volumes -}}
{{- $volumes = append $volumes (dict "name" "kafka-ca" "secret" (dict "secretName" "mail-kafka-cluster-ca-cert" "items" (list (dict "key" "ca.crt" "path" "ca.crt")))) -}}
{{- $_ := set $pod "volumes" $volumes -}}
{{- $mounts := default (list) $container.volumeMounts -}}
{{- $mounts = append $mounts (dict "name" "kafka-ca" "mountPath" "/kafka-ca" "readOnly" true) -}}
{{- $_ := set $container "volumeMounts" $mounts -}}
{{- end -}}
