<?php

namespace ExactSidecar\Admin;

/**
 * One-time admin notices for the current user, shown after a redirect.
 */
final class Notices
{
    private static function key(): string
    {
        return 'exact_sidecar_notices_' . get_current_user_id();
    }

    public static function add(string $type, string $text): void
    {
        $notices = get_transient(self::key());
        $notices = is_array($notices) ? $notices : [];
        $type = in_array($type, ['success', 'warning'], true) ? $type : 'error';
        $notices[] = ['type' => $type, 'text' => $text];
        set_transient(self::key(), $notices, 300);
    }

    /**
     * @return array<int,array{type:string,text:string}>
     */
    public static function take(): array
    {
        $notices = get_transient(self::key());
        delete_transient(self::key());
        return is_array($notices) ? $notices : [];
    }

    public static function render(): void
    {
        foreach (self::take() as $notice) {
            printf(
                '<div class="notice notice-%s is-dismissible"><p>%s</p></div>',
                esc_attr($notice['type']),
                esc_html($notice['text'])
            );
        }
    }
}
