-- title: Sentences of a document by role
-- description: Every sentence of :document with its role (heading, question, answer, clause, list item, narrative), in reading order.
-- example: document=openai-dow-agreement
select sentences.number, sentences.role, sentences.text, sentences.start, sentences.end
from sentences
where sentences.document_id = :document
order by sentences.start
