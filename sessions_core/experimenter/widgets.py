"""Form widgets for experiment fields (oTree's names)."""
from django import forms


class RadioSelect(forms.RadioSelect):
    template_name = "quorum/widgets/radio.html"


class RadioSelectHorizontal(forms.RadioSelect):
    template_name = "quorum/widgets/radio_horizontal.html"


class CheckboxInput(forms.CheckboxInput):
    pass


class Slider(forms.NumberInput):
    input_type = "range"


TextInput = forms.TextInput
Textarea = forms.Textarea
NumberInput = forms.NumberInput
Select = forms.Select
HiddenInput = forms.HiddenInput
