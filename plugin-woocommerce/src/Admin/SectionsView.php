<?php

namespace ExactSidecar\Admin;

/**
 * Draws the sections of SettingsSections: a heading per section, a row per field with its control, its help
 * and the sidecar's errors for it, and the section's mapping table (drawn by the caller) after the fields.
 */
final class SectionsView
{
    /**
     * @param array<string,mixed> $values the form values (SettingsForm::formValues)
     * @param array<string,mixed> $options Exact's lists
     * @param array<string,string[]> $errors form key => problems
     * @param callable(string):void $mapping draws the mapping table of a section ('vat', 'payment', 'shipping')
     */
    public static function render(array $values, array $options, array $errors, callable $mapping): void
    {
        $current = isset($values[SettingsSections::KEY]) && is_array($values[SettingsSections::KEY])
            ? $values[SettingsSections::KEY]
            : [];
        foreach (SettingsSections::sections() as $section => [$title, $table, $fields]) {
            printf('<h3 id="%s">%s</h3>', esc_attr('exact-sidecar-section-' . $section), esc_html($title));
            echo '<table class="form-table"><tbody>';
            foreach ($fields as $path => $field) {
                $value = is_scalar($current[$path] ?? null) ? (string) $current[$path] : '';
                self::row($path, $field, $value, $options, $errors);
            }
            echo '</tbody></table>';
            foreach (SettingsSections::rowTables() as $path => $rowTable) {
                if ($rowTable[0] === $section) {
                    $rows = $values[SettingsSections::ROWS][$path] ?? [];
                    self::rows($path, $rowTable, is_array($rows) ? array_values($rows) : [], $options, $errors);
                }
            }
            if ($table !== null) {
                $mapping($table);
            }
        }
    }

    /**
     * What the sidecar proposed (now in the form, unsaved) and what it could not, with its reasons.
     *
     * @param array<string,mixed> $proposal ['proposed' => [...], 'missing' => [...]] from the sidecar
     */
    public static function proposal(array $proposal): void
    {
        $labels = SettingsSections::fields();
        $name = static function (array $entry) use ($labels): string {
            $setting = is_scalar($entry['setting'] ?? null) ? (string) $entry['setting'] : '';
            $label = isset($labels[$setting]) ? $labels[$setting][1] : $setting;
            return isset($entry['shop']) && is_scalar($entry['shop']) ? $label . ' (' . $entry['shop'] . ')' : $label;
        };
        echo '<div class="notice notice-info inline"><p><strong>'
            . esc_html__('Proposed by the sidecar, not saved yet', 'exact-sidecar') . '</strong></p><ul>';
        foreach ((array) ($proposal['proposed'] ?? []) as $entry) {
            if (is_array($entry)) {
                printf('<li>%s: %s</li>', esc_html($name($entry)), esc_html((string) ($entry['why'] ?? '')));
            }
        }
        echo '</ul>';
        $missing = array_filter((array) ($proposal['missing'] ?? []), 'is_array');
        if ($missing !== []) {
            echo '<p><strong>' . esc_html__('Still to do', 'exact-sidecar') . '</strong></p><ul>';
            foreach ($missing as $entry) {
                printf(
                    '<li%s>%s: %s%s</li>',
                    !empty($entry['required']) ? ' class="exact-sidecar-required"' : '',
                    esc_html($name($entry)),
                    esc_html((string) ($entry['why'] ?? '')),
                    !empty($entry['required'])
                        ? ' <em>' . esc_html__('(needed before the first order)', 'exact-sidecar') . '</em>'
                        : ''
                );
            }
            echo '</ul>';
        }
        echo '</div>';
    }

    /** The id of a field's control (labels and the sidecar's resolutions point at it). */
    public static function id(string $path): string
    {
        return 'exact_sidecar_' . str_replace('.', '_', $path);
    }

    /** Empty rows offered below the stored ones, to add a country. */
    public const BLANK_ROWS = 2;

    /**
     * One table of rows by country: the stored rows, then empty ones to add; errors of any row below it.
     *
     * @param array{0:string,1:string,2:string,3:array<string,array{0:string,1:string,2:?string}>} $rowTable
     * @param array<int,mixed> $rows
     * @param array<string,mixed> $options
     * @param array<string,string[]> $errors
     */
    private static function rows(string $path, array $rowTable, array $rows, array $options, array $errors): void
    {
        [, $title, $help, $columns] = $rowTable;
        printf('<h4 id="%s">%s</h4>', esc_attr(self::id($path)), esc_html($title));
        echo '<p class="description">' . esc_html($help) . '</p>';
        printf('<table class="widefat striped" style="max-width:60em" data-setting="%s"><thead><tr>', esc_attr($path));
        foreach ($columns as [, $label]) {
            echo '<th>' . esc_html($label) . '</th>';
        }
        echo '</tr></thead><tbody>';
        $count = count($rows) + self::BLANK_ROWS;
        for ($n = 0; $n < $count; $n++) {
            $row = isset($rows[$n]) && is_array($rows[$n]) ? $rows[$n] : [];
            echo '<tr>';
            foreach ($columns as $key => [$kind, $label, $list]) {
                $name = SettingsForm::FIELD . '[' . SettingsSections::ROWS . '][' . $path . ']'
                    . '[' . $n . '][' . $key . ']';
                $value = is_scalar($row[$key] ?? null) ? trim((string) $row[$key]) : '';
                if ($kind === SettingsSections::COUNTRY) {
                    $control = sprintf(
                        '<input type="text" name="%s" value="%s" size="3" maxlength="2" class="code"'
                            . ' aria-label="%s" />',
                        esc_attr($name),
                        esc_attr($value),
                        esc_attr($label)
                    );
                } else {
                    $choices = SettingsForm::exactChoices($options[(string) $list] ?? []);
                    $control = Controls::select($name, '', $choices, $value, __('— none —', 'exact-sidecar'));
                }
                echo '<td>' . $control . '</td>'; // phpcs:ignore -- escaped inside
            }
            echo '</tr>';
        }
        echo '</tbody></table>' . Controls::fieldErrors($errors, $path); // phpcs:ignore -- escaped inside
    }

    /**
     * @param array{0:string,1:string,2:string,3:mixed} $field
     * @param array<string,mixed> $options
     * @param array<string,string[]> $errors
     */
    private static function row(string $path, array $field, string $value, array $options, array $errors): void
    {
        [$kind, $label, $help, $extra] = $field;
        $id = self::id($path);
        $name = SettingsForm::FIELD . '[' . SettingsSections::KEY . '][' . $path . ']';
        switch ($kind) {
            case SettingsSections::EXACT:
                $choices = SettingsForm::exactChoices($options[(string) $extra] ?? []);
                $control = Controls::select($name, $id, $choices, $value, __('— none —', 'exact-sidecar'));
                if ($choices === []) {
                    $none = __('No choices from Exact Online yet: connect to Exact Online first.', 'exact-sidecar');
                    $help = trim($help . ' ' . $none);
                }
                break;
            case SettingsSections::CHOICE:
                $control = sprintf('<select id="%s" name="%s">', esc_attr($id), esc_attr($name));
                foreach ((array) $extra as $choice => $text) {
                    $control .= Controls::option((string) $choice, (string) $text, $value);
                }
                $control .= '</select>';
                break;
            case SettingsSections::FLAG:
                $control = Controls::checkbox($name, $id, $value);
                break;
            default:
                $attributes = [
                    SettingsSections::COUNTRY => ' size="3" maxlength="2"',
                    SettingsSections::DECIMAL => ' size="8" inputmode="decimal"',
                    SettingsSections::INTEGER => ' size="8" inputmode="numeric"',
                ];
                $control = sprintf(
                    '<input type="text" id="%s" name="%s" value="%s" class="%s"%s />',
                    esc_attr($id),
                    esc_attr($name),
                    esc_attr($value),
                    in_array($kind, [SettingsSections::TEXT], true) ? 'regular-text' : 'code',
                    $attributes[$kind] ?? ''
                );
        }
        printf(
            '<tr data-setting="%s"><th scope="row"><label for="%s">%s</label></th><td>%s%s%s</td></tr>',
            esc_attr($path),
            esc_attr($id),
            esc_html($label),
            $control, // phpcs:ignore -- escaped inside
            $help !== '' ? '<p class="description">' . esc_html($help) . '</p>' : '',
            Controls::fieldErrors($errors, $path) // phpcs:ignore -- escaped inside
        );
    }
}
