"""Collection: the Scrapy project (platform base spiders, one spider per source, one-job pipelines) and its runner."""
