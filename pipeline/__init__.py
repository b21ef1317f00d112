"""The listening chain, crawl → enrich → index, as library calls over one data interval.

The Airflow DAG and ``langnghe pipeline run`` make the same calls. Each step reads and
writes a JSON-lines file in the run's spool folder, so a step can be retried alone and
nothing crawled is lost when Elasticsearch is down: the spool keeps it for the next try.
"""
