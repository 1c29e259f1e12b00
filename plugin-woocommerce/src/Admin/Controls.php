<?php

namespace ExactSidecar\Admin;

/**
 * The form controls of the settings page (escaped here, so callers echo them as they are).
 */
final class Controls
{
    public static function option(string $value, string $label, string $selected): string
    {
        return sprintf(
            '<option value="%s"%s>%s</option>',
            esc_attr($value),
            $value === $selected ? ' selected="selected"' : '',
            esc_html($label)
        );
    }

    /**
     * A <select> of Exact codes with an empty first choice. A current value Exact's list no longer offers
     * stays selectable (marked "(?)"), so saving loses nothing.
     *
     * @param array<string,string> $choices
     */
    public static function select(string $name, string $id, array $choices, string $selected, string $empty): string
    {
        $html = sprintf(
            '<select name="%s"%s>%s',
            esc_attr($name),
            $id !== '' ? ' id="' . esc_attr($id) . '"' : '',
            self::option('', $empty, $selected)
        );
        if ($selected !== '' && !isset($choices[$selected])) {
            $html .= self::option($selected, $selected . ' (?)', $selected);
        }
        foreach ($choices as $value => $label) {
            $html .= self::option((string) $value, $label, $selected);
        }
        return $html . '</select>';
    }

    public static function checkbox(string $name, string $id, string $value): string
    {
        return sprintf(
            '<input type="checkbox" id="%s" name="%s" value="1"%s />',
            esc_attr($id),
            esc_attr($name),
            $value !== '' && $value !== '0' ? ' checked="checked"' : ''
        );
    }

    /**
     * @param array<string,string[]> $errors form key => problems (SettingsForm::placeErrors)
     */
    public static function fieldErrors(array $errors, string $key): string
    {
        $html = '';
        foreach ($errors[$key] ?? [] as $problem) {
            $html .= '<p class="exact-sidecar-field-error" style="color:#b32d2e">' . esc_html((string) $problem)
                . '</p>';
        }
        return $html;
    }
}
