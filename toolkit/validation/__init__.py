"""Validation: the toolkit's measures against careful hand coding of real sentences.

A measure is only as good as its agreement with hand coding. Modules: ``sampling``
(:func:`coding_sample`: sentences to code, stratified by what the toolkit found, without its
decisions; :func:`read_codings`: the coders' sheets, checked), ``agreement``
(:func:`intercoder_agreement`: how far two coders agree), ``frame_scores``
(:func:`frame_validation`) and ``act_scores`` (:func:`act_validation`): precision, recall and F1
of frames and speech acts against the coding, and ``corrected`` (:func:`corrected_shares`: frame
shares corrected for the misclassification the coding measured).
"""

from toolkit.validation.act_scores import act_validation
from toolkit.validation.agreement import intercoder_agreement
from toolkit.validation.corrected import corrected_shares
from toolkit.validation.frame_scores import frame_validation
from toolkit.validation.sampling import coding_sample, read_codings

__all__ = ["act_validation", "coding_sample", "corrected_shares", "frame_validation", "intercoder_agreement", "read_codings"]
