"""Everything the annotators read, loaded once by whoever owns a pipeline.

A :class:`Resources` holds the spaCy pipeline, the actor knowledge base, the
gazetteer, the event lexicon and ontology, the trained event model and the word
lists of the annotators. Each is built on first use (so a command that needs
only the KB does not load the gazetteer) and then kept for the life of the
object; nothing is cached at module level, so two pipelines with different data
or a different ``nlp`` never share state by accident.

>>> res = Resources()           # or Resources(nlp=my_nlp, data_dir=..., user_kb=...)
>>> pipe = Pipeline(resources=res)
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from spacy.language import Language

from .datafile import DATA_DIR, kind_sets, word_set
from .geo.gazetteer import Gazetteer
from .kb import KB, load_kb


class Resources:
    def __init__(self, nlp: Language | None = None, *, data_dir: Path = DATA_DIR,
                 user_kb: Path | None = None, model_dir: Path | None = None) -> None:
        if nlp is not None:
            self.nlp = nlp  # fills the cached property: the given pipeline is the one used
        self.data_dir = data_dir
        self.user_kb = user_kb
        self.model_dir = model_dir

    @classmethod
    def load(cls, nlp: Language | None = None, **kwargs) -> "Resources":
        """Resources with everything loaded now (a server or a worker pays once, up front)."""
        res = cls(nlp, **kwargs)
        for name in ("nlp", "kb", "gazetteer", "ontology", "event_lexicon", "event_model",
                     "coref_roles", "quote_cues", "time_grammar"):
            getattr(res, name)
        return res

    @cached_property
    def nlp(self) -> Language:
        from .parse.nlp import load_nlp
        return load_nlp()

    @cached_property
    def token_cache(self) -> dict[str, tuple[str, ...]]:
        """Names of the KB and gazetteer, already tokenised (data/index, scripts/build_index.py)."""
        from .parse.phrases import load_token_cache
        return load_token_cache(self.data_dir / "index" / "tokens.tsv.gz")

    @cached_property
    def kb(self) -> KB:
        return load_kb(self.data_dir / "kb", self.user_kb)

    @cached_property
    def role_states(self):
        """Roles, parties and legislatures that imply a state (data/kb/role_states.tsv)."""
        from .annotate.descriptors import role_states
        return role_states(self.data_dir / "kb" / "role_states.tsv")

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer()

    @cached_property
    def ontology(self):
        from .code.ontology import Ontology
        return Ontology(self.data_dir / "plover")

    @cached_property
    def event_lexicon(self):
        from .code.lexicon import Lexicon
        return Lexicon(self.ontology, self.data_dir / "lexicon")

    @cached_property
    def event_model(self):
        from .code.event_model import load
        return load(self.model_dir)

    @cached_property
    def coref_roles(self):
        from .annotate.coref import load_roles
        return load_roles(self.data_dir / "coref" / "roles.tsv")

    @cached_property
    def quote_cues(self):
        from .annotate.quotes import load_cues
        return load_cues(self.data_dir / "quotes" / "cues.tsv")

    @cached_property
    def time_grammar(self):
        from .annotate.times import TimeGrammar, load_lexicon
        return TimeGrammar(load_lexicon(self.data_dir / "times" / "lexicon.tsv"))

    @cached_property
    def place_modifiers(self) -> frozenset[str]:
        """Nouns a town's name modifies in local news ("a Woodbridge man")."""
        return word_set(self.data_dir / "places" / "place_modifiers.tsv")

    @cached_property
    def place_cues(self) -> dict[str, dict[str, frozenset[str]]]:
        """The places annotators' word lists, by file: metonymy, facilities, event_location."""
        places = self.data_dir / "places"
        return {name: kind_sets(places / f"{name}.tsv")
                for name in ("metonymy", "facilities", "event_location")}
