<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp_prod' );
define( 'DB_PASSWORD', 'TmcE9Yi6HDMnwmmJi3im' );
define( 'DB_HOST', 'mysql.internal:3306' );

define( 'AUTH_KEY',         'F*y:Ls/:;e=D9.X7k;E?5I8:@,*q{Vk4}z97pyDBl7)VMW8paDa*AaTqlWS}Kix}' );
define( 'SECURE_AUTH_KEY',  'Lwm|#K8/06})T{)Oyy,dvW%;TjF;Kwuy|45SB6EfB9x+AX#ze(/qV[nQ=}z+]d%I' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
