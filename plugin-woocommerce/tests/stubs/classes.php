<?php

// phpcs:disable PSR1.Classes.ClassDeclaration.MultipleClasses

/**
 * Minimal WordPress / WooCommerce classes used by the plugin.
 */
class WP_Error
{
    /** @var string */
    private $code;
    /** @var string */
    private $message;

    public function __construct(string $code = '', string $message = '')
    {
        $this->code = $code;
        $this->message = $message;
    }

    public function get_error_message(): string
    {
        return $this->message;
    }

    public function get_error_code(): string
    {
        return $this->code;
    }
}

class WP_REST_Request
{
    /** @var string */
    public $method;
    /** @var string */
    public $route;
    /** @var array<string,mixed> */
    public $query = [];

    public function __construct(string $method = 'GET', string $route = '')
    {
        $this->method = $method;
        $this->route = $route;
    }

    /**
     * @param array<string,mixed> $params
     */
    public function set_query_params(array $params): void
    {
        $this->query = $params;
    }
}

class WP_REST_Response
{
    /** @var int */
    private $status;
    /** @var mixed */
    public $data;

    /**
     * @param mixed $data
     */
    public function __construct($data = null, int $status = 200)
    {
        $this->data = $data;
        $this->status = $status;
    }

    public function get_status(): int
    {
        return $this->status;
    }
}

class WP_REST_Server
{
    /**
     * @return mixed
     */
    public function response_to_data(WP_REST_Response $response, bool $embed)
    {
        return $response->data;
    }
}

class WP_Post
{
    /** @var int */
    public $ID;

    public function __construct(int $id)
    {
        $this->ID = $id;
    }
}

/**
 * A WooCommerce order: only the methods the plugin may use (meta through get_meta/update_meta_data/save,
 * which work on HPOS and posts storage alike). Meta written without save() is not persisted.
 */
class WC_Order
{
    /** @var int */
    private $id;
    /** @var string */
    private $status;
    /** @var array<string,mixed> persisted meta */
    public $savedMeta = [];
    /** @var array<string,mixed> */
    private $meta = [];
    /** @var array<int,string> */
    public $notes = [];
    /** @var int */
    public $saves = 0;
    /** @var string */
    private $number;

    public function __construct(int $id, string $status = 'processing', array $meta = [])
    {
        $this->id = $id;
        $this->status = $status;
        $this->meta = $meta;
        $this->savedMeta = $meta;
        $this->number = (string) $id;
    }

    public function get_id(): int
    {
        return $this->id;
    }

    public function get_order_number(): string
    {
        return $this->number;
    }

    public function get_status(): string
    {
        return $this->status;
    }

    /**
     * @return mixed
     */
    public function get_meta(string $key, bool $single = true)
    {
        return $this->meta[$key] ?? '';
    }

    /**
     * @param mixed $value
     */
    public function update_meta_data(string $key, $value): void
    {
        $this->meta[$key] = $value;
    }

    public function delete_meta_data(string $key): void
    {
        unset($this->meta[$key]);
    }

    public function save(): int
    {
        $this->saves++;
        $this->savedMeta = $this->meta;
        return $this->id;
    }

    public function add_order_note(string $note, int $isCustomerNote = 0): int
    {
        $this->notes[] = $note;
        return count($this->notes);
    }
}

class WC_Logger
{
    /**
     * @param array<string,mixed> $context
     */
    public function log(string $level, string $message, array $context = []): void
    {
        WpState::$logs[] = [$level, $message];
    }
}
