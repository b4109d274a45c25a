#!/bin/sh
# Apache Kafka's kafka-broker-api-versions.sh (the healthcheck): the same class, from the same jars
exec java -Xmx128m -XX:TieredStopAtLevel=1 -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
