#!/bin/sh
# Apache Kafka's kafka-topics.sh: the same class, from the same jars
exec java -Xmx256m -cp '/opt/kafka/libs/*' org.apache.kafka.tools.TopicCommand "$@"
